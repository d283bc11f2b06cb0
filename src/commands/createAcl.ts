import { PutAclCommand } from '../cli/putAclCommand.js';

export default class CreateAcl extends PutAclCommand {
  static override summary = "Give a user (5.x) access to topics, groups or clusters: one ACL entry per resource.";
  static override description =
    'AUTH_CREATE_ACL on every broker of the cluster (-c, masters and slaves) or on one broker (-b): one policy entry per resource (-r), each with the actions (-a), decision (-d) and source IPs (-i) given. The broker merges it into an existing ACL (an entry for the same resource is replaced, others are kept), so the ACL is read first and the change shown per broker. Resources: Topic:NAME, Group:NAME, Cluster:NAME, Namespace:NAME, Topic:prefix*, Topic:* or *. Actions: Pub, Sub, Create, Update, Delete, Get, List, All. The subject must be an existing user (exit 4 otherwise).';
  static override examples = [
    '<%= config.bin %> createAcl -c DefaultCluster -s User:alice -r Topic:orders -a Pub -d Allow',
    '<%= config.bin %> createAcl -c DefaultCluster -s User:alice -r Topic:orders,Group:billing -a Pub,Sub -d Allow -i 10.0.0.0/8',
    '<%= config.bin %> createAcl -b 127.0.0.1:10911 -s User:alice -r "Topic:audit*" -a Sub -d Deny --dry-run',
  ];

  protected readonly mode = 'create';
}
