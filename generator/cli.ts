// The only place that reads argv, prints and sets exit codes: 0 ok, 1 failed run or invalid spec, 2 usage.
// Each command lives in generator/cli/<name>.ts and is loaded only when used, so start-up stays fast.
import type { CliIO, Command } from './cli/types';
import { UsageError } from './cli/types';
import { DiagnosticsError, formatDiagnostic } from './diagnostics';
import { RunConfigError } from './run/run-config-error';

// The summaries live here, not in the command modules: `postforge --help` then loads none of them (sign-jwt
// alone would load jose, allowlist the yaml parser).
const COMMANDS: Record<string, { summary: string; load: () => Command }> = {
  build: {
    summary: 'compile specs/ into collections/ and environments/ (--check: verify they are up to date)',
    load: () => require('./cli/build').buildCommand,
  },
  run: {
    summary: 'run the pipeline through Newman (default: against the embedded simulator)',
    load: () => require('./cli/run').runCommand,
  },
  plan: {
    summary: 'show what a run would change (sends only reads and token requests)',
    load: () => require('./cli/plan').planCommand,
  },
  simulate: {
    summary: 'run the embedded Adobe + Salesforce simulator and print environment values for the Postman app',
    load: () => require('./cli/simulate').simulateCommand,
  },
  keygen: {
    summary: 'create the RSA key and self-signed certificate for a Salesforce connected app',
    load: () => require('./cli/keygen').keygenCommand,
  },
  'sign-jwt': {
    summary: 'sign a Salesforce JWT bearer assertion (replaces the Java JWTExample and keytool)',
    load: () => require('./cli/sign-jwt').signJwtCommand,
  },
  allowlist: {
    summary: 'print the Experience Platform IP allowlist for Salesforce (CIDR, ranges, JSON, CSV)',
    load: () => require('./cli/allowlist').allowlistCommand,
  },
  doctor: {
    summary: 'check an environment without changing anything: variables, key and certificate, clock, tokens',
    load: () => require('./cli/doctor').doctorCommand,
  },
  status: {
    summary: 'read-only ingestion health: connection, jwtToken expiry, each dataflow\'s last runs and errors',
    load: () => require('./cli/status').statusCommand,
  },
  destroy: {
    summary: 'delete what the specs created (dataflows, connections, datasets; --schemas too) in a sandbox',
    load: () => require('./cli/destroy').destroyCommand,
  },
};

function mainHelp(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
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
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    io.stderr(`postforge: unknown command '${name}'. Commands: ${Object.keys(COMMANDS).join(', ')}`);
    return 2;
  }
  const command = entry.load();
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
