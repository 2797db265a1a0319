import { RoleArea } from '../roles/RoleArea';

/** The idKeeper area of an open study. */
export function IdKeeperArea() {
  return <RoleArea area="idKeeper" />;
}
