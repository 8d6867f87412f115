# The root passes the provider (its default one or aws.secondary): the region of every resource here.
terraform {
  required_version = ">= 1.11.0, < 2.0.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}
