import { RoleArea } from '../roles/RoleArea';

/** The evaluator area of an open study. */
export function EvaluatorArea() {
  return <RoleArea area="evaluator" />;
}
