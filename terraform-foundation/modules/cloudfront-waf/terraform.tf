# The root passes its us-east-1 provider (aws.global): CLOUDFRONT-scope web ACLs and their log groups
# exist only there.
terraform {
  required_version = ">= 1.11.0, < 2.0.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}
