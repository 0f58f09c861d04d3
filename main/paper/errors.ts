/** A refusal with its HTTP status; thrown by the core BEFORE it changes anything. */
export class ExchangeError extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 429 | 501,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (msg: string): ExchangeError => new ExchangeError(400, msg);
export const notFound = (msg: string): ExchangeError => new ExchangeError(404, msg);
