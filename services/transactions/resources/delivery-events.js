// The deliverTransfers function's event: the table's stream in this region, when the deploy passes
// its ARN (`--param transferStreamArn=…`, from Terraform core's `table_stream_arns_by_region`; the
// deploy pipeline does). Without it (offline packaging, local stack) the function has no trigger and
// the settle job's sweeper completes cross-region transfers alone. docs/transactions.md,
// "Cross-region transfers".
module.exports.events = async ({ resolveVariable }) => {
  const arn = await resolveVariable('param:transferStreamArn');
  if (!arn) return [];
  return [
    {
      stream: {
        type: 'dynamodb',
        arn,
        batchSize: 25,
        startingPosition: 'TRIM_HORIZON',
        maximumRetryAttempts: 10,
        maximumRecordAgeInSeconds: 3600,
        bisectBatchOnFunctionError: true,
        functionResponseType: 'ReportBatchItemFailures',
        // Only pending cross-region transfers homed in this region (the replicated ones from the
        // other region are that region's to complete).
        filterPatterns: [
          {
            eventName: ['INSERT', 'MODIFY'],
            dynamodb: {
              NewImage: {
                entity: { S: ['transfer'] },
                status: { S: ['pending'] },
                homeRegion: { S: [await resolveVariable('self:provider.region')] },
                route: { M: { destinationRegion: { S: [{ exists: true }] } } },
              },
            },
          },
        ],
        destinations: {
          onFailure: { arn: { 'Fn::GetAtt': ['TransferDeliveryDeadLetterQueue', 'Arn'] }, type: 'sqs' },
        },
      },
    },
  ];
};
