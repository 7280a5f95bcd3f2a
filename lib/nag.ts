import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';

/**
 * cdk-nag's AwsSolutions and Serverless packs run on every synth (cdk-nag 3 is a CDK policy
 * validation plugin). Any finding, error or warning, that is not acknowledged fails the synth;
 * the report is in cdk.out/validation-report.json. Acknowledgements
 * (`Validations.of(construct).acknowledge({ id, reason })`) live next to the construct they
 * concern, never on the stack.
 */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
}
