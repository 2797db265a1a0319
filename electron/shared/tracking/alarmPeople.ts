/** One side of an attrition alarm: a group, with its plural noun, or an arm (people is null). */
export interface AlarmSideWords {
  name: string;
  people: string | null;
}

/**
 * The two sides of an alarm as people in a sentence ("60 % of K-Serbians are missing"): a group's
 * plural noun, never its label, or the arm's participants as the reader's language words them.
 * `Lower` opens the sentence. The dashboard (AlarmList.tsx) and the status PDF both word it so.
 */
export function alarmPeople(alarm: { lower: AlarmSideWords; higher: AlarmSideWords }, armPeople: (arm: string) => string) {
  const [lower, higher] = [alarm.lower, alarm.higher].map((side) => side.people ?? armPeople(side.name)) as [string, string];
  return { lower, Lower: lower.charAt(0).toLocaleUpperCase() + lower.slice(1), higher };
}
