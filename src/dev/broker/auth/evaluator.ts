// Authentication and authorization 2.0 of one remoting request, as a 5.3.3 broker with both
// enabled and the local metadata providers checks it (auth.md §2.3-§2.5, §2.7): authentication
// (`DefaultAuthenticationContextBuilder` + `DefaultAuthenticationHandler`), then each
// authorization context (`UserAuthorizationHandler` + `AclAuthorizationHandler`). The answer is
// the refusal text the broker puts in its NO_PERMISSION remark, or undefined. Pure: the users
// and ACLs come in as maps (AuthStore keeps them).

import type { RemotingCommand } from '../../../remoting/command.js';
import { ACCESS_KEY, LEGACY_SIGNING_VERSION, verifySignature } from '../../../protocol/acl.js';
import { authorizationContexts, ContextError, type AuthzContext } from './contexts.js';
import {
  actionsMatch,
  comparePolicyEntries,
  javaListSort,
  resourceKey,
  resourceMatches,
  sourceIpMatches,
  subjectKey,
  type Acl,
  type PolicyEntry,
  type User,
} from './model.js';

/** What the checks read: users by name, ACLs by subject key (`User:<name>`). */
export interface AuthData {
  users: ReadonlyMap<string, User>;
  acls: ReadonlyMap<string, Acl>;
}

export const AUTHENTICATION_FAILED = 'Authentication failed. Please verify the credentials and try again.';
export const AUTHORIZATION_FAILED = 'Authorization failed. Please verify your access rights and try again.';

/**
 * §2.4: the user named by `AccessKey`, its status, and the signature over the sorted ext-field
 * values and the body, with the password as key; `_UNIQUE_KEY_QUERY` is left out of the content
 * only for requests of version <= 399 (V4_9_3). Without `data`: a broker whose metadata provider
 * is not configured.
 */
export function authenticate(data: AuthData | undefined, request: RemotingCommand): string | undefined {
  // authenticationEnabled without authenticationMetadataProvider (auth.md §2.1); not a dev cluster setting.
  if (!data) return 'The authenticationMetadataProvider is not configured';
  const fields = request.extFields;
  const username = fields && ACCESS_KEY in fields ? fields[ACCESS_KEY] : undefined;
  if (username === undefined || username === null || username === '') return 'username cannot be null.';
  const user = data.users.get(username);
  if (!user) return `User:${username} is not found.`;
  if (user.userStatus === 'disable') return `User:${username} is disabled.`;
  // A user without a password (a file edited by hand): Java's signer fails on the null key.
  if (user.password === null) return AUTHENTICATION_FAILED;
  const check = verifySignature(request, user.password, request.version <= LEGACY_SIGNING_VERSION);
  return check === 'ok' ? undefined : 'check signature failed.';
}

/** §2.5 for one context: the subject's user (Super users pass), then its ACL's entries. */
export function authorizeContext(data: AuthData, context: AuthzContext): string | undefined {
  // A context without a subject: Java fails on it (an unsigned request never gets this far).
  if (context.username === null) return AUTHORIZATION_FAILED;
  const user = data.users.get(context.username);
  if (!user) return `User:${context.username} not found.`;
  if (user.userType === 'Super') return undefined;
  const refuse = (detail: string): string =>
    `${subjectKey(context.username)} has no permission to access ${resourceKey(context.resource)} from ${context.sourceIp}, ${detail}`;
  const acl = data.acls.get(subjectKey(context.username));
  if (!acl) return refuse('no matched policies.');
  let matched: PolicyEntry | undefined;
  try {
    matched = matchPolicyEntry(acl, context);
  } catch {
    // An entry whose source IP range cannot be read (only a file edited by hand has one).
    return AUTHORIZATION_FAILED;
  }
  if (!matched) return refuse('no matched policies.');
  if (matched.decision === 'Deny') return refuse('the decision is deny.');
  return undefined;
}

/** The entries of the Custom policy that match, else those of the Default policy; the first after sorting decides. */
export function matchPolicyEntry(acl: Acl, context: Pick<AuthzContext, 'resource' | 'actions' | 'sourceIp'>): PolicyEntry | undefined {
  const matching = (type: 'Custom' | 'Default'): PolicyEntry[] => {
    const policy = acl.policies.find((p) => p.policyType === type);
    if (!policy) return [];
    return policy.entries
      .filter((e) => resourceMatches(e.resource, context.resource))
      .filter((e) => actionsMatch(e.actions, context.actions))
      .filter((e) => sourceIpMatches(e.sourceIps, context.sourceIp));
  };
  let entries = matching('Custom');
  if (entries.length === 0) entries = matching('Default');
  if (entries.length === 0) return undefined;
  return javaListSort(entries, comparePolicyEntries)[0];
}

export interface AuthCheckOptions {
  /** The broker's cluster: the resource of the `Cluster` contexts. */
  clusterName: string;
  /** The client's IP (without port). */
  sourceIp: string;
}

/** Both pipelines in their order: the refusal remark, or undefined when the request may go on. */
export function checkRequest(data: AuthData, request: RemotingCommand, options: AuthCheckOptions): string | undefined {
  const refused = authenticate(data, request);
  if (refused !== undefined) return refused;
  let contexts: AuthzContext[];
  try {
    contexts = authorizationContexts(request, options.sourceIp, options.clusterName);
  } catch (err) {
    if (err instanceof ContextError) return err.message;
    throw err;
  }
  for (const context of contexts) {
    const refusal = authorizeContext(data, context);
    if (refusal !== undefined) return refusal;
  }
  return undefined;
}
