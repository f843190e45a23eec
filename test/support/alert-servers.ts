import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One email as the SMTP server received it. */
export interface Mail {
  readonly from: string;
  readonly to: string[];
  readonly raw: string;
}

/** One HTTP request as the server received it. */
export interface Hit {
  readonly method: string;
  readonly url: string;
  readonly contentType: string;
  readonly body: string;
}

/**
 * A real SMTP server on 127.0.0.1 that keeps every mail; it takes the login `user`/`password`
 * (and mail without a login) and refuses any other password.
 */
export async function smtpServer(login: { user: string; password: string }): Promise<{
  readonly port: number;
  readonly mails: Mail[];
  close(): Promise<void>;
}> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === login.user && auth.password === login.password)
        callback(null, { user: login.user });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        mails.push({
          from,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** An HTTP server on 127.0.0.1 that keeps every request; paths under /broken answer 500. */
export async function httpRecorder(): Promise<{
  readonly port: number;
  readonly hits: Hit[];
  close(): Promise<void>;
}> {
  const hits: Hit[] = [];
  const server: Server = createServer((request, response) => {
    void bodyOf(request).then((body) => {
      hits.push({
        method: request.method ?? '',
        url: request.url ?? '',
        contentType: request.headers['content-type'] ?? '',
        body,
      });
      response.writeHead(request.url?.startsWith('/broken') === true ? 500 : 200).end('OK');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nobody listens on: a server is opened there, then closed. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Undoes header folding and quoted-printable soft breaks, enough to read what was sent. */
export function readableMail(raw: string): string {
  return raw
    .replace(/\r\n[ \t]+/g, ' ')
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
