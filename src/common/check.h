#pragma once

#include <cstdio>
#include <cstdlib>

/// Programmer-error checks, always on. Never use for user, network or disk input.
#define KALAM_CHECK(cond)                                                              \
  do {                                                                                 \
    if (!(cond)) {                                                                     \
      std::fprintf(stderr, "KALAM_CHECK failed: %s at %s:%d\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                    \
    }                                                                                  \
  } while (false)

#ifdef NDEBUG
#define KALAM_DCHECK(cond) \
  do {                     \
  } while (false)
#else
#define KALAM_DCHECK(cond) KALAM_CHECK(cond)
#endif
