// The contract between the CLI dispatcher (generator/cli.ts) and each command. Commands get their argv and an
// IO object; they return the exit code (0 ok, 1 failed run / invalid input, 2 usage or configuration error).
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** True when stdout is a terminal (colours, live display). */
  isTTY: boolean;
}

export interface Command {
  name: string;
  /** Full help text shown by `postforge <name> --help`. */
  help: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

/** A user error: printed as one line without a stack trace; `exitCode` defaults to 2 (usage). */
export class UsageError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
    this.name = 'UsageError';
  }
}
