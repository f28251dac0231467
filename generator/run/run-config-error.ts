// A configuration problem found before anything is sent (unknown environment, --only matching nothing):
// exit code 2. In its own file so the CLI can recognise it without loading the runner.
export class RunConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunConfigError';
  }
}
