import { Text } from "../i18n/text";

/** Codes for top-level errors, as clients see them in `extensions.code`. */
export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "BAD_USER_INPUT"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "QUERY_TOO_COMPLEX"
  /** The database cannot be reached for a moment: retry after `retryAfterSeconds`. */
  | "SERVICE_UNAVAILABLE"
  | "INTERNAL_SERVER_ERROR";

/** The HTTP status each code answers with, over GraphQL and plain HTTP (exports, CAP, health) alike. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  QUERY_TOO_COMPLEX: 400,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/** Codes for mistakes a caller can fix in a mutation's input, returned as `userErrors`. */
export enum UserErrorCode {
  REQUIRED = "REQUIRED",
  BLANK = "BLANK",
  TOO_LONG = "TOO_LONG",
  INVALID = "INVALID",
  TAKEN = "TAKEN",
  NOT_FOUND = "NOT_FOUND",
  OUT_OF_RANGE = "OUT_OF_RANGE",
  CYCLE = "CYCLE",
  /** The acting organisation has no right to do this (not a partner, not the lead, not the pledger). */
  NOT_PERMITTED = "NOT_PERMITTED",
  /** The object's status does not allow this step. */
  INVALID_TRANSITION = "INVALID_TRANSITION",
  /** More than a need has left, or than a pledge committed. */
  EXCEEDS_REMAINING = "EXCEEDS_REMAINING",
  /** Too few of a council's members are present to vote. */
  QUORUM_NOT_MET = "QUORUM_NOT_MET",
}

/** A failure the API reports as a coded top-level error; its `message` is the English text, for logs. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** What the client reads, in its language. */
    readonly text: Text,
    /** More for the client, such as `retryAfterSeconds`. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(text.render("en"));
    this.name = "DomainError";
  }
}

/** A fixable mistake in one field of a mutation's input. */
export class FieldProblem {
  /** Path to the input field, e.g. ["input", "name"]. */
  readonly field: string[];

  constructor(
    field: string,
    readonly code: UserErrorCode,
    /** What the client reads, in its language. */
    readonly text: Text,
  ) {
    this.field = ["input", field];
  }

  /** The English text, for logs. */
  get message(): string {
    return this.text.render("en");
  }
}

/** One or more fixable mistakes in a mutation's input; nothing was written. */
export class UserInputError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((problem) => problem.message).join(" "));
    this.name = "UserInputError";
  }
}

/** Collects every problem with an input so the caller can fix them all at once. */
export class InputCheck {
  readonly problems: FieldProblem[] = [];

  add(field: string, code: UserErrorCode, text: Text): void {
    this.problems.push(new FieldProblem(field, code, text));
  }

  has(field: string): boolean {
    return this.problems.some((problem) => problem.field[1] === field);
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw new UserInputError(this.problems);
  }
}
