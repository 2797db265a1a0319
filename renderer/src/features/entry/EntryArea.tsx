import { RoleArea } from '../roles/RoleArea';

/** The entry area of an open study. */
export function EntryArea() {
  return <RoleArea area="entry" />;
}
