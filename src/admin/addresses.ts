// Address parsing shared by the admin API and the CLI.

import { InvalidArgumentError } from './errors.js';

/**
 * Parses a NameServer list in the Java syntax `host:port;host:port` (commas accepted too).
 * Each entry must carry a port; IPv6 hosts are written `[::1]:9876`.
 */
export function parseNamesrvAddrs(text: string): string[] {
  const addrs = text.split(/[;,]/).map((s) => s.trim()).filter((s) => s.length > 0);
  if (addrs.length === 0) throw new InvalidArgumentError('empty NameServer address', 'pass -n host:port, e.g. -n 127.0.0.1:9876');
  for (const addr of addrs) validateAddress(addr, 'NameServer');
  return addrs;
}

/** Checks `host:port` (or `[v6]:port`); throws InvalidArgumentError with the reason. */
export function validateAddress(addr: string, what: string): string {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:\s[\]]+):(\d{1,5})$/.exec(addr);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port < 1 || port > 65535) {
    throw new InvalidArgumentError(`invalid ${what} address "${addr}": expected host:port`, `for example 127.0.0.1:${what === 'NameServer' ? 9876 : 10911}`);
  }
  return addr;
}
