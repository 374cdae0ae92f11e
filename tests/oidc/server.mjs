// A standards-certified OpenID Connect server (oidc-provider) on loopback, for Closeout's
// sign-in tests. Usage: node tests/oidc/server.mjs [port]   (0 or nothing: a free port)
// Prints one line "READY <issuer>" when it listens, then serves until killed.
//
// One public native client, "closeout-test": no secret, PKCE (S256) required, any loopback
// port for http://localhost/callback (RFC 8252; Closeout sends localhost, as Microsoft wants), refresh tokens always issued and rotated
// (reusing an old one revokes the grant). The development login/consent screens accept any
// user name with any password.
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.argv[2] || 0);
const server = http.createServer();

server.listen(port, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: 'closeout-test',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://localhost/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    }],
    scopes: ['openid', 'profile', 'offline_access'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, name: `Test ${sub}`, preferred_username: `${sub}@closeout.test` }),
    }),
    // Like Microsoft, put the granted profile claims in the ID token itself.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    issueRefreshToken: async () => true,
    rotateRefreshToken: true,
    features: { devInteractions: { enabled: true } },
    ttl: { AccessToken: 3600, AuthorizationCode: 600, IdToken: 3600, RefreshToken: 86400, Interaction: 600, Session: 3600, Grant: 86400 },
  });
  provider.proxy = false;
  // Quiet: the test reads only the READY line; errors still reach stderr.
  provider.on('server_error', (_ctx, err) => console.error('server_error', err));
  server.on('request', provider.callback());
  console.log(`READY ${issuer}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
