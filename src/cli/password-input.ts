import { UserError } from '../domain/errors.ts';

/** Read all of stdin and take its first line (a trailing newline is not part of the password). */
export async function readPasswordFromStdin(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  const text = Buffer.concat(chunks).toString('utf8');
  const first = text.split(/\r?\n/)[0] ?? '';
  if (!first) throw new UserError('--password-stdin: stdin is empty; write the password as its first line');
  return first;
}

/** Ask on the terminal without echoing what is typed. */
function askHidden(question: string, stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream): Promise<string> {
  return new Promise((resolve, reject) => {
    stderr.write(question);
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UserError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * A new password: from stdin's first line with `--password-stdin` (scripts), else asked twice
 * on the terminal without echo. Never from a command-line argument (it would end up in shell
 * history and the process list).
 */
export async function readNewPassword(
  opts: { passwordStdin?: boolean | undefined },
  io = { stdin: process.stdin, stderr: process.stderr },
): Promise<string> {
  if (opts.passwordStdin) return readPasswordFromStdin(io.stdin);
  if (!io.stdin.isTTY) throw new UserError('no terminal to ask for the password: pipe it in with --password-stdin');
  const a = await askHidden('Password: ', io.stdin, io.stderr);
  const b = await askHidden('Repeat password: ', io.stdin, io.stderr);
  if (a !== b) throw new UserError('the two passwords differ; nothing was changed');
  return a;
}
