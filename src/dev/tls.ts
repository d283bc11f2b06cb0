// Certificates for `mqadmin dev up --tls` and for tests: a private CA and certificates it signs,
// PEM throughout. Keys come from node:crypto (native, fast); node-forge only builds and signs
// the X.509 structures, which Node cannot do. node-forge is loaded on first use, so nothing on
// the CLI's start-up path pays for it: only the dev cluster process when it has to generate.
//
// The dev cluster keeps its set in <dataDir>/tls: ca.pem (the file clients trust), server.pem
// and server-key.pem (mode 0600). The set is reused across restarts and generated again when a
// file is missing, unreadable, expired (or about to), or does not match the others. The CA's
// key is not kept: when anything must be regenerated, everything is, and clients read ca.pem
// again (dev.json names it).

import { createPrivateKey, generateKeyPair, randomBytes, X509Certificate } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const generateKeyPairAsync = promisify(generateKeyPair);

/** A certificate and its private key, both PEM (the key PKCS#8, as Java's tls.server.keyPath wants). */
export interface KeyPairPem {
  cert: string;
  key: string;
}

export interface CertificateOptions {
  commonName: string;
  /** Validity in days from `now`. Default 825 for leaf certificates, 3650 for a CA. */
  days?: number;
  now?: Date;
}

export interface LeafCertificateOptions extends CertificateOptions {
  /** IP SANs. Default 127.0.0.1 and ::1 for a server certificate. */
  ipAddresses?: string[];
  /** DNS SANs. Default localhost for a server certificate. */
  dnsNames?: string[];
  /** `server`: extendedKeyUsage serverAuth; `client`: clientAuth. Default server. */
  usage?: 'server' | 'client';
}

/** The IP and DNS names the dev certificate carries: every way to say "this machine". */
export const DEV_CERT_IPS = ['127.0.0.1', '::1'];
export const DEV_CERT_DNS = ['localhost'];

type Forge = typeof import('node-forge');
let forgeModule: Promise<Forge> | undefined;

function loadForge(): Promise<Forge> {
  // CommonJS: the namespace's default export is the module.
  forgeModule ??= import('node-forge').then((m) => ((m as { default?: Forge }).default ?? m) as Forge);
  return forgeModule;
}

async function newRsaKey(): Promise<{ privatePem: string; publicPem: string }> {
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** A positive serial of 16 random bytes (RFC 5280 allows up to 20 octets). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  if (bytes[0] === 0) bytes[0] = 1;
  return bytes.toString('hex');
}

function validity(cert: { validity: { notBefore: Date; notAfter: Date } }, options: CertificateOptions, defaultDays: number): void {
  const now = options.now ?? new Date();
  // An hour back: a clock a little behind on the other side must not see "not yet valid".
  cert.validity.notBefore = new Date(now.getTime() - 3600_000);
  cert.validity.notAfter = new Date(now.getTime() + (options.days ?? defaultDays) * 86_400_000);
}

/** A self-signed CA certificate (basicConstraints cA, keyCertSign) and its key. */
export async function createCertificateAuthority(options: CertificateOptions): Promise<KeyPairPem> {
  const forge = await loadForge();
  const { privatePem, publicPem } = await newRsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  cert.serialNumber = serialNumber();
  validity(cert, options, 3650);
  const name = [{ name: 'commonName', value: options.commonName }, { name: 'organizationName', value: 'mqadmin' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privatePem), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: privatePem };
}

/** A server (or client) certificate signed by `ca`, with the given SANs. */
export async function issueCertificate(ca: KeyPairPem, options: LeafCertificateOptions): Promise<KeyPairPem> {
  const forge = await loadForge();
  const usage = options.usage ?? 'server';
  const { privatePem, publicPem } = await newRsaKey();
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  cert.serialNumber = serialNumber();
  validity(cert, options, 825);
  cert.setSubject([{ name: 'commonName', value: options.commonName }, { name: 'organizationName', value: 'mqadmin' }]);
  cert.setIssuer(caCert.subject.attributes);
  const ips = options.ipAddresses ?? (usage === 'server' ? DEV_CERT_IPS : []);
  const dns = options.dnsNames ?? (usage === 'server' ? DEV_CERT_DNS : []);
  const altNames = [...dns.map((value) => ({ type: 2, value })), ...ips.map((ip) => ({ type: 7, ip }))];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: usage === 'server', clientAuth: usage === 'client' },
    ...(altNames.length > 0 ? [{ name: 'subjectAltName', altNames }] : []),
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.key), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: privatePem };
}

// ---------------------------------------------------------------------------------------------
// The dev cluster's set

export const CA_FILE = 'ca.pem';
export const CERT_FILE = 'server.pem';
export const KEY_FILE = 'server-key.pem';

/** Regenerate this long before expiry, so a cluster started today still works next week. */
const RENEW_BEFORE_MS = 7 * 86_400_000;

export interface DevTlsFiles {
  dir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  /** PEM contents, for the servers and the cluster's own clients. */
  ca: string;
  cert: string;
  key: string;
  /** True when this call generated the set. */
  generated: boolean;
  /** Why it was generated (first start, expired, ...), when it was. */
  reason?: string;
}

export const devTlsDir = (dataDir: string): string => join(dataDir, 'tls');

/**
 * The CA and server certificate in `dir`, generated when missing or unusable. The server
 * certificate carries IP SANs 127.0.0.1 and ::1 and DNS localhost, so that clients verify it
 * normally against ca.pem when they dial 127.0.0.1.
 */
export async function ensureDevTls(dir: string, options: { now?: Date; log?: (line: string) => void } = {}): Promise<DevTlsFiles> {
  const now = options.now ?? new Date();
  const files = { dir, caFile: join(dir, CA_FILE), certFile: join(dir, CERT_FILE), keyFile: join(dir, KEY_FILE) };
  const existing = readDevTls(files, now);
  if ('ca' in existing) {
    // A key file someone made readable to others is put back to 0600.
    if (process.platform !== 'win32' && (statSync(files.keyFile).mode & 0o077) !== 0) chmodSync(files.keyFile, 0o600);
    return { ...files, ...existing, generated: false };
  }
  options.log?.(`generating a TLS CA and server certificate in ${dir} (${existing.problem})`);
  const ca = await createCertificateAuthority({ commonName: 'mqadmin dev cluster CA', now });
  const server = await issueCertificate(ca, { commonName: 'mqadmin dev cluster', now });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Each file whole through a rename; a crash between two leaves a mismatched set, which the
  // next start detects and replaces.
  writeAtomic(files.keyFile, server.key, 0o600);
  writeAtomic(files.certFile, server.cert, 0o644);
  writeAtomic(files.caFile, ca.cert, 0o644);
  return { ...files, ca: ca.cert, cert: server.cert, key: server.key, generated: true, reason: existing.problem };
}

function writeAtomic(path: string, content: string, mode: number): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode });
  // writeFileSync's mode applies only to a new file, and is filtered by the umask.
  chmodSync(tmp, mode);
  renameSync(tmp, path);
}

/** The set in `files` if it is complete, consistent and valid at `now`; else what is wrong with it. */
export function readDevTls(
  files: { caFile: string; certFile: string; keyFile: string },
  now: Date = new Date(),
): { ca: string; cert: string; key: string } | { problem: string } {
  let ca: string;
  let cert: string;
  let key: string;
  try {
    ca = readFileSync(files.caFile, 'utf8');
    cert = readFileSync(files.certFile, 'utf8');
    key = readFileSync(files.keyFile, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { problem: e.code === 'ENOENT' ? 'first start' : `cannot read ${e.path ?? 'a file'}: ${e.code ?? e.message}` };
  }
  try {
    const caCert = new X509Certificate(ca);
    const serverCert = new X509Certificate(cert);
    if (!caCert.ca) return { problem: `${CA_FILE} is not a CA certificate` };
    if (!serverCert.checkIssued(caCert) || !serverCert.verify(caCert.publicKey)) return { problem: `${CERT_FILE} is not signed by ${CA_FILE}` };
    if (!serverCert.checkPrivateKey(createPrivateKey(key))) return { problem: `${KEY_FILE} is not the key of ${CERT_FILE}` };
    for (const [name, c] of [[CA_FILE, caCert], [CERT_FILE, serverCert]] as const) {
      if (Date.parse(c.validFrom) > now.getTime()) return { problem: `${name} is not valid before ${c.validFrom}` };
      if (Date.parse(c.validTo) - RENEW_BEFORE_MS < now.getTime()) return { problem: `${name} expires ${c.validTo}` };
    }
    for (const ip of DEV_CERT_IPS) if (serverCert.checkIP(ip) === undefined) return { problem: `${CERT_FILE} is not valid for ${ip}` };
  } catch (err) {
    return { problem: `damaged: ${(err as Error).message}` };
  }
  return { ca, cert, key };
}
