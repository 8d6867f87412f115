// The runErasures function's events: the 5-minute sweep always; the profiles table's stream in
// this region when the deploy passes its ARN (`--param profilesStreamArn=…`, Terraform core), with
// a filter that lets through only new erasure jobs (INSERT of an `erasure` item). The worker acts
// only on the home region's jobs: the replica region's stream sees the replicated INSERT too, and
// the lease (a conditional write in the home table) lets exactly one run. docs/privacy.md, "Erasure".
module.exports.events = async ({ resolveVariable }) => {
  const events = [{ schedule: { rate: 'rate(5 minutes)' } }];
  const arn = await resolveVariable('param:profilesStreamArn');
  if (!arn) return events;
  return [
    ...events,
    {
      stream: {
        type: 'dynamodb',
        arn,
        batchSize: 10,
        startingPosition: 'LATEST',
        maximumRetryAttempts: 3,
        bisectBatchOnFunctionError: true,
        functionResponseType: 'ReportBatchItemFailures',
        filterPatterns: [{ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['erasure'] } } } }],
      },
    },
  ];
};
