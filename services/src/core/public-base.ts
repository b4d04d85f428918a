import type { AddressInfo } from 'node:net';

/**
 * Where links in emails point: PUBLIC_URL when set; else the address this process actually
 * listens on (known once it listens); else localhost at the configured port (a worker-only
 * process that never listens).
 */
export class PublicBase {
  #listening: string | null = null;

  constructor(private readonly config: { publicUrl?: string; port: number }) {}

  /** Called when the HTTP server listens (a socket address, or a pipe's path which has no URL). */
  listeningOn(address: AddressInfo | string | null) {
    if (!address || typeof address === 'string') return;
    // A wildcard address is no place to send people: this machine's name for it is.
    const wildcard = address.address === '0.0.0.0' || address.address === '::';
    const host = wildcard ? 'localhost' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.#listening = `http://${host}:${address.port}`;
  }

  get url(): string {
    return (this.config.publicUrl ?? this.#listening ?? `http://localhost:${this.config.port}`).replace(/\/+$/, '');
  }
}
