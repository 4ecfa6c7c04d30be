/** The fields of an error as the server (or the client) reports it: CONTRACT §2. */
export interface ErrorInfo {
  code: string;
  sqlstate: string;
  message: string;
  /** 1-based character position in the SQL text. */
  position?: number;
  /** Which statement of a `;`-separated batch failed (0-based); earlier ones stay committed. */
  statement_index?: number;
  http_status?: number;
}

/**
 * Every failure the SDK reports: server errors keep their `code` and PostgreSQL `sqlstate`
 * (e.g. `TABLE_NOT_FOUND` / `42P01`); the client's own are `CONNECTION_ERROR` (`08006`: the server
 * could not be reached or the connection was lost), `PROTOCOL_ERROR` (`08P01`: an answer that is not
 * KalamDB's) and `INVALID_PARAMETER` (`22023`: bad arguments to an SDK call).
 */
export class KalamError extends Error {
  readonly code: string;
  readonly sqlstate: string;
  readonly position?: number;
  readonly statementIndex?: number;
  readonly httpStatus?: number;

  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'KalamError';
    this.code = info.code;
    this.sqlstate = info.sqlstate;
    if (info.position !== undefined) this.position = info.position;
    if (info.statement_index !== undefined) this.statementIndex = info.statement_index;
    if (info.http_status !== undefined && info.http_status !== 0) this.httpStatus = info.http_status;
  }

  static connection(message: string): KalamError {
    return new KalamError({ code: 'CONNECTION_ERROR', sqlstate: '08006', message });
  }

  static invalid(message: string): KalamError {
    return new KalamError({ code: 'INVALID_PARAMETER', sqlstate: '22023', message });
  }
}
