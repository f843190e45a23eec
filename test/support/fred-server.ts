import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface LocalServer {
  /** `http://127.0.0.1:<port>/graph/fredgraph.csv`, FRED's path. */
  readonly baseUrl: string;
  /** The request URLs, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** A stand-in for FRED's host on 127.0.0.1, counting the requests it gets. */
export async function serve(handler: Handler): Promise<LocalServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/graph/fredgraph.csv`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves `<dir>/<id>.csv` for `?id=<id>` as FRED does, 404 for unknown ids. */
export function fredHandler(dir: string): Handler {
  return (request, response) => {
    const id = new URL(request.url ?? '/', 'http://x').searchParams.get('id') ?? '';
    readFile(join(dir, `${id}.csv`)).then(
      (content) => {
        response.writeHead(200, { 'content-type': 'text/csv' });
        response.end(content);
      },
      () => {
        response.writeHead(404, { 'content-type': 'text/html' });
        response.end('<html><body>Series not found</body></html>');
      },
    );
  };
}

/** The base URL of a server that was started and closed: nothing listens there (offline). */
export async function deadBaseUrl(): Promise<string> {
  const server = await serve(() => undefined);
  await server.close();
  return server.baseUrl;
}
