// Support for the email notification tests: a real SMTP server (smtp-server) on a random localhost
// port that requires a username and password, can refuse recipients on demand, and records every
// accepted message (envelope, the user who signed in, headers, and the decoded text and HTML).
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type ReceivedEmail = {
  user: string | undefined;
  from: string | undefined;
  to: string[];
  headers: Record<string, string>;
  /** The raw message with quoted-printable soft breaks and escapes undone: text and HTML parts. */
  body: string;
};

/** Undoes quoted-printable (what nodemailer uses for text with long lines or non-ASCII). */
function decodeQuotedPrintable(s: string): string {
  const bytes = s
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

function parse(raw: string): Pick<ReceivedEmail, "headers" | "body"> {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const headers: Record<string, string> = {};
  for (const line of head.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: decodeQuotedPrintable(raw.slice(split + 4)) };
}

/** An SMTP server on localhost accepting `user`/`pass`; `refuseRecipients` turns RCPT TO into 550. */
export async function smtpReceiver(user: string, pass: string) {
  const messages: ReceivedEmail[] = [];
  const state = { refuseRecipients: false };
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    onAuth(auth, _session, cb) {
      if (auth.username === user && auth.password === pass) cb(null, { user: auth.username });
      else cb(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, cb) {
      if (state.refuseRecipients) cb(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
      else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const mailFrom = session.envelope.mailFrom;
        messages.push({
          user: session.user as string | undefined,
          from: mailFrom ? mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          ...parse(Buffer.concat(chunks).toString("utf8")),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    messages,
    state,
    /** The messages whose subject names `text` (a rule's name). */
    about: (text: string) => messages.filter((m) => m.headers.subject?.includes(text)),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
