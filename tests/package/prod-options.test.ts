import { conditionHolds, packageStage, resource } from './support/packaged-stage';

const certificateArn = 'arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000';

describe('sls package --stage prod with a custom domain and WAF turned on by --param', () => {
  const { template } = packageStage('prod', {
    customDomainName: 'api.pumpalarm.com',
    customDomainCertificateArn: certificateArn,
    wafRequestsPerIpPer5Minutes: '300',
  });

  it('serves the API at the root of the custom domain, over TLS 1.2, with the given certificate', () => {
    expect(conditionHolds(template, 'CustomDomainEnabled')).toBe(true);
    expect(resource(template, 'ApiCustomDomain')).toMatchObject({
      Condition: 'CustomDomainEnabled',
      Properties: {
        DomainName: 'api.pumpalarm.com',
        RegionalCertificateArn: certificateArn,
        EndpointConfiguration: { Types: ['REGIONAL'] },
        SecurityPolicy: 'TLS_1_2',
      },
    });
    expect(resource(template, 'ApiCustomDomainMapping').Properties).toEqual({
      DomainName: { Ref: 'ApiCustomDomain' },
      RestApiId: { Ref: 'ApiGatewayRestApi' },
      Stage: { Ref: 'ApiGatewayStage' },
    });
    expect(template.Outputs?.CustomDomainTarget).toMatchObject({ Value: { 'Fn::GetAtt': ['ApiCustomDomain', 'RegionalDomainName'] } });
  });

  it('blocks an IP above the given requests per 5 minutes, on this stage', () => {
    expect(conditionHolds(template, 'WafEnabled')).toBe(true);
    expect(resource(template, 'WebAcl').Properties).toMatchObject({
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [
        expect.objectContaining({
          Action: { Block: {} },
          Statement: { RateBasedStatement: expect.objectContaining({ AggregateKeyType: 'IP', EvaluationWindowSec: 300, Limit: '300' }) },
        }),
      ],
    });
    expect(resource(template, 'WebAclAssociation').Properties).toMatchObject({
      WebACLArn: { 'Fn::GetAtt': ['WebAcl', 'Arn'] },
      ResourceArn: {
        'Fn::Join': ['', expect.arrayContaining(['::/restapis/', { Ref: 'ApiGatewayRestApi' }, '/stages/', { Ref: 'ApiGatewayStage' }])],
      },
    });
  });
});
