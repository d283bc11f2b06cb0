import { PutAclCommand } from '../cli/putAclCommand.js';

export default class UpdateAcl extends PutAclCommand {
  static override summary = "Change a user's (5.x) ACL entries for the resources given; the others stay.";
  static override description =
    'AUTH_UPDATE_ACL on every broker of the cluster (-c, masters and slaves) or on one broker (-b): one policy entry per resource (-r), each with the actions (-a), decision (-d) and source IPs (-i) given. Only the entries of the resources given change (replaced, or added); the others are kept: the ACL is read first and the change shown per broker, before -> after. A subject without an ACL gets one. Resources: Topic:NAME, Group:NAME, Cluster:NAME, Namespace:NAME, Topic:prefix*, Topic:* or *. Actions: Pub, Sub, Create, Update, Delete, Get, List, All. The subject must be an existing user (exit 4 otherwise).';
  static override examples = [
    '<%= config.bin %> updateAcl -c DefaultCluster -s User:alice -r Topic:orders -a Pub,Sub -d Allow',
    '<%= config.bin %> updateAcl -c DefaultCluster -s User:alice -r Topic:orders,Group:billing -a Pub,Sub -d Allow -i 10.0.0.0/8',
    '<%= config.bin %> updateAcl -b 127.0.0.1:10911 -s User:alice -r "Topic:audit*" -a Sub -d Deny --dry-run',
  ];

  protected readonly mode = 'update';
}
