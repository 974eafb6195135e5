// A real SMTP server on the loopback interface (smtp-server), recording every message it receives
// as one JSON file per message in a mailbox folder, so that test files running in other
// processes can read them. mailparser decodes each message (headers, text and HTML parts).
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

/** Starts the server on 127.0.0.1 at a free port; messages go to `mailboxDir`. */
export async function startSmtp(mailboxDir) {
  mkdirSync(mailboxDir, { recursive: true });
  let count = 0;
  const server = new SMTPServer({
    // Plain SMTP on loopback (the portal runs with PORTAL_SMTP_TLS=none and no credentials).
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    banner: 'portal e2e mailbox',
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          count += 1;
          const message = {
            n: count,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            headerTo: mail.to ? mail.to.text : null,
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            date: mail.date ? mail.date.toISOString() : null,
            receivedAt: new Date().toISOString(),
          };
          const name = `${String(count).padStart(5, '0')}.json`;
          // Write then rename: a reader never sees half a file.
          writeFileSync(join(mailboxDir, `.${name}.tmp`), JSON.stringify(message, null, 2));
          renameSync(join(mailboxDir, `.${name}.tmp`), join(mailboxDir, name));
          callback();
        },
        (err) => callback(err),
      );
    },
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address();
  return {
    port,
    received: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Every message recorded so far in `mailboxDir`, oldest first. */
export function readMailbox(mailboxDir) {
  let names;
  try {
    names = readdirSync(mailboxDir)
      .filter((n) => /^\d+\.json$/.test(n))
      .sort();
  } catch {
    return [];
  }
  return names.map((n) => JSON.parse(readFileSync(join(mailboxDir, n), 'utf8')));
}

/**
 * Waits for the first message matching `match` (the portal's outbox worker sends asynchronously).
 * Throws, listing what did arrive, when none comes within `timeout` ms.
 */
export async function waitForMail(mailboxDir, match, { timeout = 20_000, what = 'the e-mail' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = readMailbox(mailboxDir).find(match);
    if (found) return found;
    if (Date.now() > deadline) {
      const got = readMailbox(mailboxDir).map((m) => `  - to ${m.to.join(', ')}: ${m.subject}`);
      throw new Error(
        `${what} did not arrive at the test SMTP server within ${timeout / 1000} s.\n` +
          (got.length ? `Messages received:\n${got.join('\n')}` : 'No message at all was received: is the outbox worker running in `portal serve`?'),
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
