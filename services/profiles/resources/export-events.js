// The runExports function's events: every 5 minutes the sweep (jobs due: new, or whose worker
// died), and the profiles table's stream in the home region when the deploy passes its ARN
// (`--param profilesStreamArn=…`, from Terraform core's `table_stream_arns_by_region`). Without it
// (offline packaging, the local stack) the sweep alone runs the jobs. docs/profiles.md, "Exports".
module.exports.events = async ({ resolveVariable }) => {
  const schedule = { schedule: { rate: 'rate(5 minutes)' } };
  const arn = await resolveVariable('param:profilesStreamArn');
  if (!arn) return [schedule];
  return [
    schedule,
    {
      stream: {
        type: 'dynamodb',
        arn,
        batchSize: 10,
        startingPosition: 'LATEST',
        // A failed run keeps its lease and the sweep resumes it: no retries of the batch here.
        maximumRetryAttempts: 2,
        maximumRecordAgeInSeconds: 3600,
        // Only new export jobs (the job item's entity), not every profile and session write.
        filterPatterns: [
          {
            eventName: ['INSERT'],
            dynamodb: { NewImage: { entity: { S: ['export'] }, status: { S: ['pending'] } } },
          },
        ],
      },
    },
  ];
};
