# API Gateway's account-level CloudWatch Logs role, one setting per account AND region. The services'
# explicit stages (serverless.common.yml, apiStage) turn on execution logging, which needs it. It
# lives here, applied before any service, because an account setting has no natural owner among
# the services: if two stacks declared it, the last deploy would win and a removal would break
# the others. Destroying it only forgets the setting (API Gateway keeps no role then).

resource "aws_iam_role" "apigateway_cloudwatch" {
  name = "ledgerline-apigateway-cloudwatch-${var.environment_suffix}"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "apigateway.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = var.account_id } }
    }]
  })
}

# AWS-managed policy made for exactly this role (CreateLogGroup/Stream, PutLogEvents, Describe*).
resource "aws_iam_role_policy_attachment" "apigateway_cloudwatch" {
  role       = aws_iam_role.apigateway_cloudwatch.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
}

resource "aws_api_gateway_account" "primary" {
  cloudwatch_role_arn = aws_iam_role.apigateway_cloudwatch.arn

  depends_on = [aws_iam_role_policy_attachment.apigateway_cloudwatch]
}

resource "aws_api_gateway_account" "secondary" {
  provider = aws.secondary

  cloudwatch_role_arn = aws_iam_role.apigateway_cloudwatch.arn

  depends_on = [aws_iam_role_policy_attachment.apigateway_cloudwatch]
}
