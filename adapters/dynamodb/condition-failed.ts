/** DynamoDB refused a conditional write: someone else wrote first (ElectroDB wraps the SDK's error). */
export const isConditionFailure = (error: unknown): boolean =>
  /conditional request failed|ConditionalCheckFailed/i.test(String((error as Error)?.message ?? ''));
