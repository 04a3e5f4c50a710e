/**
 * Unit tests of the secret detectors, one block per detector family. Every
 * secret-shaped value here is FAKE test data, made up or generated for
 * these tests; none was ever a real credential.
 */
import { strict as assert } from 'node:assert';
import {
  isPlaceholder,
  isReference,
  isSensitiveName,
  judgeAssignment,
  maskPreview,
  mightHoldSecret,
  PREFILTER,
  scanText,
} from '../../../src/engine/knowledge/secrets/detect';
import { FORMAT_ANCHORS } from '../../../src/engine/knowledge/secrets/patterns';
import type { SecretContext } from '../../../src/engine/knowledge/secrets/types';

// Fake values of the right shapes (not real credentials).
const FAKE = {
  akid: 'AKIAQ3EGTX7DLN2JKW5R',
  awsSecret: 'Zk3vQ9xT1mB7pL2sW8nR4yH6jD0cF5gA+e/UoIqE',
  ghp: 'ghp_' + 'T4kq9ZLm2Xw8RbN5vC7pJ3dY6hF1sG0aQeUi',
  glpat: 'glpat-' + 'Xy7kQ2mLp9RtZ4wN8bVc',
  xoxb: 'xoxb-' + '28374659201-2837465920183-Kq8wLz3Pm9Tn2Rv5Xy7Bc4Df',
  slackHook: 'https://hooks.slack.com/services/' + 'T0A1B2C3D/B0E4F5G6H7/Kq8wLz3Pm9Tn2Rv5Xy7Bc4Df',
  stripe: 'sk_live_' + 'Kq8wLz3Pm9Tn2Rv5Xy7Bc4Df',
  sendgrid: 'SG.' + 'Kq8wLz3Pm9Tn2Rv5Xy7Bc4' + '.' + 'Zk3vQ9xT1mB7pL2sW8nR4yH6jD0cF5gAeUoIqEr7Tz1',
  twilioKey: 'SK' + '4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d',
  twilioSid: 'AC' + '4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d',
  dapi: 'dapi' + '4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d',
  openai: 'sk-proj-' + 'Kq8wLz3Pm9Tn2Rv5Xy7Bc4DfZk3vQ9xT1mB7pL2sW8nR4yH6',
  hf: 'hf_' + 'KqwLzPmTnRvXyBcDfZkvQxTmBpLsWnRyHj',
  aiza: 'AIza' + 'SyKq8wLz3Pm9Tn2Rv5Xy7Bc4DfZk3vQ9xT1',
  azureKey: 'Kq8wLz3Pm9Tn2Rv5Xy7Bc4DfZk3vQ9xT1mB7pL2sW8nR4yH6jD0cF5gAeUoIqEr7Tz1Kq8wLz3Pm9Tn2Rv5Xy7Bc==',
  azureClientSecret: 'Ab1' + '8Q~' + 'Kq8wLz3Pm9Tn2Rv5Xy7Bc4DfZk3vQ9xT1m',
  fernet: 'Qm9wXzJ1Y3ZhT2hLd0x5c1FwM3ZrZ2Y4Tm1aYjR0RE0=',
  pkcs8Body: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7Kq8wLz3Pm9Tn2Rv5Xy7Bc4DfZk3vQ9xT1mB7pL2sW8nR4yH6',
};

/** A JWT with the given payload and a fake signature. */
function jwt(payload: object): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(payload)}.${'Kq8wLz3Pm9Tn2Rv5Xy7Bc4DfZk3vQ9xT1mB7pL2sW8n'}`;
}

function hits(text: string, context: SecretContext = 'text') {
  return scanText(text, context);
}
function kinds(text: string, context: SecretContext = 'text'): string[] {
  return hits(text, context).map((h) => h.kind);
}
function flagged(name: string, value: string, context: SecretContext = 'env'): boolean {
  return judgeAssignment(name, value, context) !== undefined;
}

describe('secret detectors', () => {
  describe('AWS', () => {
    it('finds access key ids and secret keys in an AWS context', () => {
      assert.deepEqual(kinds(`AWS_ACCESS_KEY_ID=${FAKE.akid}`), ['AWS access key ID']);
      assert.deepEqual(kinds(`aws_secret_access_key = ${FAKE.awsSecret}`), ['AWS secret access key']);
      assert.deepEqual(kinds(`os.environ["AWS_SECRET_ACCESS_KEY"] = "${FAKE.awsSecret}"`, 'python'), ['AWS secret access key']);
      assert.equal(judgeAssignment('AWS_SECRET_ACCESS_KEY', FAKE.awsSecret, 'env')?.kind, 'AWS secret access key');
    });
    it('ignores the documented examples and placeholders', () => {
      assert.deepEqual(kinds('AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE'), []);
      assert.deepEqual(kinds('aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'), []);
      assert.deepEqual(kinds('AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX'), []);
      assert.equal(flagged('AWS_SECRET_ACCESS_KEY', '${AWS_SECRET_ACCESS_KEY}', 'dockerfile'), false);
    });
    it('does not take a 40-character base64 value without an AWS context for an AWS key', () => {
      assert.deepEqual(kinds(`checksum: ${FAKE.awsSecret}`, 'yaml'), []);
    });
  });

  describe('token formats', () => {
    const cases: [string, string][] = [
      [FAKE.ghp, 'GitHub token'],
      ['github_pat_' + '11ABCDEFG0Kq8wLz3Pm9Tn_2Rv5Xy7Bc4DfZk3vQ9xT1mB7pL2sW8nR4yH6jD0cF5gAeUoIqEr7Tz1Kq8wLz3Pm9', 'GitHub token'],
      [FAKE.glpat, 'GitLab token'],
      [FAKE.xoxb, 'Slack token'],
      [FAKE.slackHook, 'Slack webhook URL'],
      [FAKE.stripe, 'Stripe live key'],
      [FAKE.sendgrid, 'SendGrid API key'],
      [FAKE.twilioKey, 'Twilio API key'],
      [FAKE.twilioSid, 'Twilio account SID'],
      [FAKE.dapi, 'Databricks token'],
      [FAKE.openai, 'API secret key'],
      [FAKE.hf, 'Hugging Face token'],
      [FAKE.aiza, 'Google API key'],
      [FAKE.azureClientSecret, 'Azure client secret'],
    ];
    for (const [token, kind] of cases) {
      it(`finds a ${kind} anywhere in a line, with or without a name`, () => {
        assert.deepEqual(kinds(`value = "${token}"`, 'python'), [kind]);
        assert.deepEqual(kinds(`  ${token}`), [kind]);
        assert.equal(judgeAssignment('SOMETHING', token, 'env')?.kind, kind);
      });
    }
    it('gives the offsets of the token', () => {
      const text = `export GITHUB_TOKEN=${FAKE.ghp} # ci`;
      const [h] = hits(text, 'env');
      assert.equal(text.slice(h.start, h.end), FAKE.ghp);
    });
    it('ignores placeholders in the right shape', () => {
      for (const t of [
        'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        'xoxb-your-bot-token-here',
        'xoxb-1234-5678-abcdefgh',
        'sk-...',
        'sk-your-openai-key-goes-here-please',
        'sk_live_XXXXXXXXXXXXXXXXXXXXXXXX',
        'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
        'dapi00000000000000000000000000000000',
        'SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      ]) {
        assert.deepEqual(kinds(`TOKEN=${t}`, 'env'), [], t);
      }
    });
    it('does not read words that start like a prefix as tokens', () => {
      assert.deepEqual(kinds('sk-learn and task-runner-configuration-for-airflow'), []);
      assert.deepEqual(kinds('hf_hub_download(repo_id="bert-base-uncased")', 'python'), []);
      assert.deepEqual(kinds('PATTERN = re.compile(r"ghp_[A-Za-z0-9]{36}")', 'python'), []);
    });
  });

  describe('JWTs and Astro API tokens', () => {
    it('finds JWTs, and marks Astro API tokens', () => {
      const plain = jwt({ sub: 'svc-loader', iat: 1718000000 });
      assert.deepEqual(kinds(`token = "${plain}"`, 'python'), ['JSON Web Token']);
      const astro = jwt({ iss: 'https://api.astronomer.io', sub: 'clx0123' });
      assert.equal(hits(`ASTRO_TOKEN=${astro}`, 'env')[0].special, 'astro-token');
      const byName = judgeAssignment('ASTRO_API_TOKEN', plain, 'env');
      assert.equal(byName?.special, 'astro-token');
      assert.equal(judgeAssignment('ASTRONOMER_KEY_SECRET', '7d1f0c9a2b3e4f5a6b7c8d9e0f1a2b3c', 'env')?.special, 'astro-token');
    });
    it('ignores jwt.io\'s example token, empty and referenced Astro tokens, and the key id', () => {
      const demo = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
      assert.deepEqual(kinds(`JWT_EXAMPLE = "${demo}"`, 'python'), []);
      assert.equal(flagged('ASTRO_API_TOKEN', ''), false);
      assert.equal(flagged('ASTRO_API_TOKEN', '${{ secrets.ASTRO_API_TOKEN }}', 'yaml'), false);
      assert.equal(flagged('ASTRONOMER_KEY_ID', 'clx0a1b2c3d4e5f6g7h8i9j0k'), false);
    });
  });

  describe('private keys', () => {
    it('finds PEM blocks, also with \\n written inside JSON strings, and marks them', () => {
      const pem = `-----BEGIN PRIVATE KEY-----\n${FAKE.pkcs8Body}\n-----END PRIVATE KEY-----\n`;
      const [h] = hits(`key = """${pem}"""`, 'python');
      assert.equal(h.special, 'private-key');
      assert.equal(h.preview, '…');
      const json = `{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n${FAKE.pkcs8Body}\\n-----END PRIVATE KEY-----\\n"}`;
      const [g] = hits(json, 'json');
      assert.equal(g.kind, 'Google Cloud service account key');
      assert.equal(g.special, 'private-key');
      assert.ok(json.slice(g.start, g.end).startsWith('-----BEGIN PRIVATE KEY-----'));
      for (const label of ['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'DSA PRIVATE KEY']) {
        assert.equal(hits(`-----BEGIN ${label}-----\n${FAKE.pkcs8Body}\n-----END ${label}-----`)[0]?.special, 'private-key', label);
      }
    });
    it('finds an unencrypted PKCS#8 key in base64 without its PEM lines', () => {
      assert.equal(judgeAssignment('SNOWFLAKE_PRIVATE_KEY', FAKE.pkcs8Body, 'env')?.special, 'private-key');
    });
    it('ignores public keys, certificates, markers in code and elided bodies', () => {
      assert.deepEqual(kinds('-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----'), []);
      assert.deepEqual(kinds('-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE-----'), []);
      assert.deepEqual(kinds('if pem.startswith("-----BEGIN RSA PRIVATE KEY-----"):', 'python'), []);
      assert.deepEqual(kinds('"private_key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"', 'json'), []);
      assert.equal(flagged('ssh_public_key', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKq8wLz3Pm9Tn2Rv5Xy7Bc4DfZk3vQ9xT1mB7pL2s deploy@ci'), false);
      assert.equal(flagged('private_key', '/usr/local/airflow/include/keys/rsa_key.p8'), false);
    });
  });

  describe('credentials in URLs and connection strings', () => {
    it('finds passwords in URLs, AIRFLOW_CONN_* URIs, pip index URLs and connection strings', () => {
      assert.deepEqual(kinds('AIRFLOW_CONN_PG=postgres://etl:Xk29dLq7Pw@db.internal:5432/dwh', 'env'), ['password in URL']);
      assert.deepEqual(kinds('--extra-index-url https://deploy:Maple123-Xk29dL@pypi.acme.io/simple', 'requirements'), ['password in URL']);
      assert.equal(kinds('Server=tcp:x.database.windows.net;Uid=etl;Pwd=Xk29dLq7Pw!;Encrypt=yes').length, 1);
      assert.equal(kinds('jdbc:snowflake://xy12345.snowflakecomputing.com/?user=ETL&password=Xk29dLq7Pw').length, 1);
      const text = 'redis://:Kx83jdLq0Pz@redis.prod:6379/0';
      const [h] = hits(text);
      assert.equal(text.slice(h.start, h.end), 'Kx83jdLq0Pz');
      assert.deepEqual(kinds(`git+https://${'Kq8wLz3Pm9Tn2Rv5Xy7Bc4DfZk3vQ9xT1m'}@github.com/acme/x.git`, 'requirements'), ['token in URL']);
    });
    it('ignores public defaults, placeholders, references and templates in the password', () => {
      for (const url of [
        'postgresql://postgres:postgres@postgres:5432',
        'postgresql+psycopg2://airflow:airflow@postgres/airflow',
        'postgresql://user:password@localhost/db',
        'postgresql://user:<password>@localhost/db',
        'postgresql://user:${PG_PASSWORD}@db:5432',
        'postgresql://{user}:{password}@{host}/{db}',
        'postgresql://%s:%s@%s/%s',
        'postgresql://{{ .PostgresUser }}:{{ .PostgresPassword }}@{{ .PostgresHost }}:5432',
        'https://user:****@pypi.acme.io/simple',
        'git+https://${GITHUB_TOKEN}@github.com/acme/x.git',
        'smtp://:@mailhog:1025',
      ]) {
        assert.deepEqual(kinds(url), [], url);
      }
    });
  });

  describe('Azure and Google', () => {
    it('finds storage account keys, SAS signatures and OAuth client secrets', () => {
      assert.deepEqual(kinds(`DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${FAKE.azureKey};EndpointSuffix=core.windows.net`), ['Azure storage account key']);
      assert.deepEqual(kinds('https://acme.blob.core.windows.net/raw?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-01-01T00:00:00Z&sig=Kq8wLz3Pm9Tn2Rv5Xy7Bc4DfZk3vQ9xT1mB7pL2sW8n%3D'), ['Azure SAS token']);
      assert.deepEqual(kinds('GOOGLE_CLIENT_SECRET=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', 'env'), ['Google OAuth client secret']);
    });
    it('ignores the Azurite emulator key and a sig= without SAS parameters', () => {
      assert.deepEqual(kinds('DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;'), []);
      assert.deepEqual(kinds('https://example.com/page?sig=Kq8wLz3Pm9Tn2Rv5Xy7Bc4Df'), []);
    });
  });

  describe('Airflow settings', () => {
    it('finds Fernet keys, webserver secret keys and secrets in backend kwargs and connection JSON', () => {
      assert.equal(judgeAssignment('AIRFLOW__CORE__FERNET_KEY', FAKE.fernet, 'env')?.kind, 'Airflow Fernet key');
      assert.deepEqual(kinds(`AIRFLOW__CORE__FERNET_KEY: "${FAKE.fernet}"`, 'yaml'), ['Airflow Fernet key']);
      assert.ok(flagged('AIRFLOW__WEBSERVER__SECRET_KEY', '9c1a7e5b3f2d4a6c8e0b1d3f5a7c9e2b'));
      assert.ok(flagged('AIRFLOW__SECRETS__BACKEND_KWARGS', '{"url": "https://vault:8200", "auth_type": "approle", "role_id": "loader", "secret_id": "2b9e6f1a-4c3d-4e8f-9a7b-1c2d3e4f5a6b"}'));
      assert.ok(flagged('AIRFLOW_CONN_API', `'{"conn_type": "http", "host": "api.x.com", "password": "q8Tz!mW2rLp0"}'`));
    });
    it('ignores the Astro CLI\'s local Fernet key, empty values, `--save` comments and plain backend kwargs', () => {
      assert.equal(flagged('AIRFLOW__CORE__FERNET_KEY', 'd6Vefz3G9U_ynXB3cr7y_Ak35tAHkEGAVxuz_B-jzWw='), false);
      assert.equal(flagged('AIRFLOW__CORE__FERNET_KEY', ''), false);
      assert.equal(flagged('SNOWFLAKE_PASSWORD', ' # secret'), false);
      assert.deepEqual(kinds('SNOWFLAKE_PASSWORD= # secret', 'env'), []);
      assert.equal(flagged('AIRFLOW__SECRETS__BACKEND_KWARGS', '{"connections_prefix": "airflow/connections", "variables_prefix": "airflow/variables", "profile_name": "default"}'), false);
      assert.equal(flagged('AIRFLOW__WEBSERVER__SECRET_KEY', 'analytics-pipeline'), false);
    });
  });

  describe('values under sensitive names (judgeAssignment)', () => {
    it('flags real values in every context', () => {
      assert.ok(flagged('SNOWFLAKE_PASSWORD', 'Summer2024!Lamp', 'env'));
      assert.ok(flagged('conn_password', '"Tr1cky$Pass"', 'yaml'));
      assert.ok(flagged('password', '"gR8#tL2!vQ9z"', 'python'));
      assert.ok(flagged('api_key', '8f3kLq9ZxW2mPv7RtY1nB6cD', 'yaml'));
      assert.ok(flagged('DD_API_KEY', '4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d', 'env'));
      assert.ok(flagged('clientSecret', '"Zr8Qm2Lx7Vc4Np9Tb6Hd3Ks1"', 'json'));
    });
    it('gives the offsets of the value without quotes', () => {
      const v = '  "gR8#tL2!vQ9z"';
      const h = judgeAssignment('password', v, 'python');
      assert.ok(h);
      assert.equal(v.slice(h.start, h.end), 'gR8#tL2!vQ9z');
    });
    it('never flags expressions, templates, paths, names of secrets, identifiers or counters', () => {
      const clean: [string, string, SecretContext][] = [
        ['password', 'db_password', 'python'],
        ['password', 'conn.password', 'python'],
        ['password', 'f"{pw}"', 'python'],
        ['api_key', 'os.getenv("OPENAI_API_KEY")', 'python'],
        ['token', 'Variable.get("gh_token")', 'python'],
        ['conn_password', '"{{ conn.pg.password }}"', 'yaml'],
        ['password', '{{ var.value.pg_password }}', 'yaml'],
        ['GOOGLE_APPLICATION_CREDENTIALS', '/usr/local/airflow/include/gcp.json', 'env'],
        ['key_path', 'include/keys/sa.json', 'yaml'],
        ['secret_name', '"my-k8s-secret"', 'python'],
        ['secret', 'airflow-secrets', 'yaml'],
        ['commit_sha', '3f786850e387550fdab836ed7e6dc881de23001b', 'env'],
        ['api_key', 'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef', 'yaml'],
        ['client_id', '2b9e6f1a-4c3d-4e8f-9a7b-1c2d3e4f5a6b', 'yaml'],
        ['max_tokens', '4096', 'env'],
        ['token_url', 'https://oauth2.googleapis.com/token', 'env'],
        ['POSTGRES_PASSWORD', 'postgres', 'env'],
        ['password', 'cGFzc3dvcmQ=', 'yaml'],
        ['service_account', 'airflow@acme.iam.gserviceaccount.com', 'yaml'],
        ['api_key', '""', 'python'],
        ['password', '', 'env'],
      ];
      for (const [name, value, ctx] of clean) assert.equal(flagged(name, value, ctx), false, `${name}=${value}`);
    });
    it('needs randomness for tokens and keys, not for passwords', () => {
      assert.equal(flagged('API_TOKEN', 'bearer-token-for-staging'), false);
      assert.equal(flagged('API_TOKEN', 'abc123'), false);
      assert.ok(flagged('DB_PASSWORD', 'Blue-Kettle-93-Lamp'));
    });
  });

  describe('isSensitiveName', () => {
    it('covers Airflow\'s DEFAULT_SENSITIVE_FIELDS by containment, as Airflow does', () => {
      for (const n of ['access_token', 'api_key', 'apikey', 'authorization', 'passphrase', 'passwd', 'password', 'private_key', 'secret', 'token', 'keyfile_dict', 'service_account']) {
        assert.ok(isSensitiveName(n), n);
        assert.ok(isSensitiveName(`my_${n}`), `my_${n}`);
      }
      assert.ok(isSensitiveName('google_keyfile_dict'));
      assert.ok(isSensitiveName('SNOWFLAKE_PASSWORD'));
    });
    it('covers common names Airflow does not list', () => {
      for (const n of ['pwd', 'db_pass', 'credentials', 'client_secret', 'clientSecret', 'auth', 'api-key', 'aws_access_key', 'secret_key', 'conn_password', 'AIRFLOW__CORE__FERNET_KEY', 'ASTRO_API_TOKEN', 'storage_account_key', 'jwt_secret', 'bearer']) {
        assert.ok(isSensitiveName(n), n);
      }
    });
    it('leaves out names that only mention a secret', () => {
      for (const n of ['tokenizer', 'max_tokens', 'num_tokens', 'password_policy_url', 'secret_name', 'secretKeyRef', 'key_path', 'key_id', 'ASTRONOMER_KEY_ID', 'private_key_id', 'token_uri', 'author', 'partition_key', 's3_key', 'key', 'cache_key', 'public_key', 'password_min_length', 'auth_type', 'secrets_backend', 'conn_id', 'bypass']) {
        assert.equal(isSensitiveName(n), false, n);
      }
    });
  });

  describe('isPlaceholder and isReference', () => {
    it('recognises placeholders', () => {
      for (const v of ['<password>', 'your-api-key', 'changeme', 'xxx', '***', 'REPLACE_ME', 'TODO', 'dummy', 'example', 'YOUR_API_KEY_HERE', 'password123', '<insert token>', 'sk-...', 'xxxxxxxxxxxx', '1234567890', 'fake-api-key', 'test-password', 'INSERT_KEY_HERE', 'notasecret']) {
        assert.ok(isPlaceholder(v), v);
      }
      for (const v of ['Kq8wLz3Pm9Tn2Rv5Xy7Bc4Df', 'Summer2024!Lamp', FAKE.awsSecret, 'gR8#tL2!vQ9z']) assert.equal(isPlaceholder(v), false, v);
    });
    it('recognises references to secrets kept elsewhere', () => {
      for (const v of ['${VAR}', '$VAR', '{{ var.value.x }}', '{{ conn.x.password }}', '{% if x %}y{% endif %}', 'os.environ["X"]', 'os.environ.get("X")', 'os.getenv("X")', 'Variable.get("x")', 'BaseHook.get_connection("x").password', '${{ secrets.TOKEN }}', '$(cat /run/secrets/x)', '{password}', '%(password)s']) {
        assert.ok(isReference(v), v);
      }
      for (const v of ['Kq8wLz3Pm9Tn2Rv5Xy7Bc4Df', 'Tr1cky$Pass', 'plain-text']) assert.equal(isReference(v), false, v);
    });
  });

  describe('prefilter', () => {
    it('is a non-global regex and lets through every line a detector fires on', () => {
      assert.equal(PREFILTER.global, false);
      assert.equal(PREFILTER.sticky, false);
      for (const t of [`x=${FAKE.ghp}`, `pw: ${FAKE.akid}`, 'PGPASSWORD=abc', 'postgres://u:p@h', FAKE.dapi, FAKE.hf, FAKE.sendgrid]) assert.ok(mightHoldSecret(t), t);
    });
    it('skips lines no detector can fire on', () => {
      for (const t of ['FROM quay.io/astronomer/astro-runtime:12.4.0', 'apache-airflow-providers-snowflake==5.7.0', 'print("hello")', 'retries: 3']) assert.equal(mightHoldSecret(t), false, t);
    });
    it('matches sensitive words in any case, and format anchors only in their own case', () => {
      for (const t of ['DB_PASSWORD=x', 'Token: x', 'serviceAccount', 'SERVICE_ACCOUNT', 'AccountKey=x', 'ApiKey', 'Authorization', 'db_Pw', 'Cookie']) assert.ok(mightHoldSecret(t), t);
      // Twilio's `AC…`/`SK…`, SendGrid's `SG.` and Databricks' `dapi` are written in one case: ordinary words do not pass.
      for (const t of ['replace_account = access', 'task_group.ace', 'sg.add(x)', 'DAPI_VERSION = 3', 'skip-existing']) assert.equal(mightHoldSecret(t), false, t);
      for (const t of [FAKE.twilioKey, FAKE.twilioSid, FAKE.sendgrid, FAKE.stripe, FAKE.xoxb]) assert.ok(FORMAT_ANCHORS.test(t), t);
      assert.equal(FORMAT_ANCHORS.test('password = "Kq8wLz3Pm9Tn2Rv5"'), false);
    });
    it('lets through every sensitive name the detectors judge', () => {
      for (const name of ['password', 'passwd', 'pwd', 'db_pw', 'api_key', 'apiKey', 'access_token', 'client_secret', 'private_key', 'keyfile_dict', 'service_account', 'auth', 'oauth', 'bearer', 'jwt', 'cookie', 'session_key', 'creds', 'credentials', 'sas', 'sig', 'signature', 'fernet_key', 'senha', 'contrasena', 'ssh_pem', 'stripe_key']) {
        assert.ok(isSensitiveName(name), name);
        assert.ok(mightHoldSecret(`${name.toUpperCase()}=x`) && mightHoldSecret(name), name);
      }
    });
  });

  describe('maskPreview', () => {
    it('shows only the public prefix of a known format (at most four characters), and nothing of any other value', () => {
      assert.equal(maskPreview(FAKE.akid), 'AKIA…');
      assert.equal(maskPreview(FAKE.ghp), 'ghp_…');
      assert.equal(maskPreview(FAKE.xoxb), 'xoxb…');
      assert.equal(maskPreview(FAKE.openai), 'sk-…');
      assert.equal(maskPreview('npg_Kq8wLz3Pm9Tn'), 'npg_…');
      assert.equal(maskPreview('Kq8wLz3Pm9Tn2Rv5Xy7Bc4Df'), '…');
      assert.equal(maskPreview('hunter22'), '…');
      assert.equal(maskPreview('AKIA'), '…');
      assert.equal(maskPreview('abc'), '…');
      assert.equal(maskPreview(''), '…');
    });
  });

  describe('cost', () => {
    it('scans adversarial 1 MB texts in linear time', () => {
      const inputs = ['a='.repeat(500_000), 'a: '.repeat(330_000), 'a="'.repeat(300_000), '{"password": "'.repeat(70_000), 'eyJ'.repeat(300_000), '://'.repeat(300_000) + 'a:b@', 'AKIA'.repeat(250_000), '-----BEGIN PRIVATE KEY-----'.repeat(35_000)];
      for (const text of inputs) {
        const started = Date.now();
        scanText(text.slice(0, 1_048_576), 'env');
        const ms = Date.now() - started;
        assert.ok(ms < 3000, `${text.slice(0, 20)}…: ${ms} ms`);
      }
    });
  });
});
