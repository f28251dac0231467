// The only place that reads argv, prints and sets exit codes: 0 ok, 1 failed run or invalid spec, 2 usage.
// Each command lives in generator/cli/<name>.ts and is loaded only when used, so start-up stays fast.
import type { CliIO, Command } from './cli/types';
import { UsageError } from './cli/types';
import { DiagnosticsError, formatDiagnostic } from './diagnostics';
import { RunConfigError } from './run/run-config-error';

const COMMANDS: Record<string, () => Command> = {
  build: () => require('./cli/build').buildCommand,
  run: () => require('./cli/run').runCommand,
  plan: () => require('./cli/plan').planCommand,
  simulate: () => require('./cli/simulate').simulateCommand,
  keygen: () => require('./cli/keygen').keygenCommand,
  'sign-jwt': () => require('./cli/sign-jwt').signJwtCommand,
  allowlist: () => require('./cli/allowlist').allowlistCommand,
  doctor: () => require('./cli/doctor').doctorCommand,
  status: () => require('./cli/status').statusCommand,
  destroy: () => require('./cli/destroy').destroyCommand,
};

function mainHelp(): string {
  const rows = Object.entries(COMMANDS).map(([name, load]) => {
    let summary = '';
    try { summary = load().summary; } catch { summary = '(unavailable)'; }
    return `  ${name.padEnd(10)} ${summary}`;
  });
  return [
    'postforge — Adobe Experience Platform + Salesforce setup as code (YAML specs → Postman collections → Newman)',
    '',
    'Usage: postforge <command> [options]     (postforge <command> --help for details)',
    '',
    'Commands:',
    ...rows,
    '',
    'Exit codes: 0 success, 1 a request, check or spec failed, 2 usage or configuration error.',
  ].join('\n');
}

export function defaultIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    stderr: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
  };
}

export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(mainHelp());
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr(`postforge: unknown command '${name}'. Commands: ${Object.keys(COMMANDS).join(', ')}`);
    return 2;
  }
  const command = load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help);
    return 0;
  }
  const verbose = rest.includes('--verbose');
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`postforge ${name}: ${err.message}`);
      return err.exitCode;
    }
    if (err instanceof RunConfigError) {
      // Unknown environment, --only that matches nothing: configuration, nothing was sent.
      io.stderr(`postforge ${name}: ${err.message}`);
      return 2;
    }
    if (err instanceof DiagnosticsError) {
      for (const d of err.diagnostics) io.stderr(formatDiagnostic(d));
      return 1;
    }
    const sys = err as NodeJS.ErrnoException;
    if (sys instanceof Error && sys.syscall) {
      // File-system and network errors are user-facing: one line, no stack unless asked.
      io.stderr(`postforge ${name}: ${sys.message}`);
      if (verbose) io.stderr(String(sys.stack));
      return 1;
    }
    throw err;
  }
}
