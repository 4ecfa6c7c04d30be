// HTTP transport (fetch) with the client's credentials: a token is sent as Bearer; a username and
// password are exchanged for a token once (POST /v1/api/auth/login) and again when it expires, so
// the server checks the password (Argon2id) once, not on every query.
import type { Core, LoginInfo } from './core.js';
import { KalamError } from './errors.js';

export type Auth = { username: string; password: string } | { token: string };

export interface HttpAnswer {
  status: number;
  body: string;
}

export class HttpTransport {
  private token: string | undefined;
  private loggingIn: Promise<LoginInfo> | undefined;

  constructor(
    private readonly core: Core,
    readonly baseUrl: string,
    private readonly auth: Auth | undefined,
    private readonly fetchImpl: typeof fetch,
  ) {
    if (auth && 'token' in auth) this.token = auth.token;
  }

  get currentToken(): string | undefined {
    return this.token;
  }

  get credentials(): { username: string; password: string } | undefined {
    return this.auth && 'username' in this.auth ? this.auth : undefined;
  }

  /** POST /v1/api/auth/login with the client's username and password; keeps the token. */
  login(): Promise<LoginInfo> {
    const credentials = this.credentials;
    if (!credentials) return Promise.reject(KalamError.invalid('login() needs auth: {username, password}'));
    this.loggingIn ??= (async () => {
      try {
        const answer = await this.post('/v1/api/auth/login', this.core.encodeLogin(credentials.username, credentials.password), undefined);
        const info = this.core.decodeLogin(answer.status, answer.body);
        this.token = info.token;
        return info;
      } finally {
        this.loggingIn = undefined;
      }
    })();
    return this.loggingIn;
  }

  /** POST /v1/api/sql with a body the core encoded; logs in first (or again) when needed. */
  async sql(body: string): Promise<HttpAnswer> {
    if (this.token === undefined && this.credentials) await this.login();
    let answer = await this.post('/v1/api/sql', body, this.authorization());
    if (answer.status === 401 && this.credentials && answer.body.includes('"TOKEN_EXPIRED"')) {
      await this.login();  // refused before running: safe to send again
      answer = await this.post('/v1/api/sql', body, this.authorization());
    }
    return answer;
  }

  async get(path: string): Promise<HttpAnswer> {
    return this.send(path, { method: 'GET' });
  }

  private authorization(): string | undefined {
    return this.token === undefined ? undefined : `Bearer ${this.token}`;
  }

  private post(path: string, body: string, authorization: string | undefined): Promise<HttpAnswer> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (authorization) headers.Authorization = authorization;
    return this.send(path, { method: 'POST', headers, body });
  }

  private async send(path: string, init: RequestInit): Promise<HttpAnswer> {
    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + path, init);
    } catch (e) {
      throw KalamError.connection(`cannot reach ${this.baseUrl}: ${(e as Error).cause ?? (e as Error).message}`);
    }
    return { status: response.status, body: await response.text() };
  }
}
