import { App, Tags } from 'aws-cdk-lib';
import type { ClientConfig } from './config/client-config';
import { addNagChecks } from './nag';
import { SupportStack } from './stack/support-stack';

/** The CDK app: one `Support-<clientId>` stack per client config, tagged, with cdk-nag; `webDir`: the built front ends (frontEnds). */
export function buildApp(configs: readonly ClientConfig[], app = new App(), options: { webDir?: string } = {}): { app: App; stacks: SupportStack[] } {
  const stacks = configs.map((config) => {
    const stack = new SupportStack(app, `Support-${config.clientId}`, {
      config,
      ...(options.webDir ? { webDir: options.webDir } : {}),
      description: `Support backend for ${config.displayName}`,
      ...(config.aws.account || config.aws.region ? { env: { account: config.aws.account, region: config.aws.region } } : {}),
    });
    Tags.of(stack).add('client', config.clientId);
    Tags.of(stack).add('stage', config.stage);
    for (const [key, value] of Object.entries(config.tags)) Tags.of(stack).add(key, value);
    return stack;
  });
  addNagChecks(app);
  return { app, stacks };
}
