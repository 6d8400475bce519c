import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EnvironmentVariables } from './env.validation.js';

interface StoredSecrets {
  api_key_pepper: string;
  encryption_key: string;
}

/**
 * The server-side secrets: the pepper API key hashes are keyed with, and the key CRM
 * tokens are encrypted with. In server mode they come from the environment (required);
 * in embedded mode they are generated once and kept in DATA_DIR/secrets.json (mode 0600).
 */
@Injectable()
export class ServerSecrets {
  readonly apiKeyPepper: string;
  readonly encryptionKey: Buffer;

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    const pepper = config.get('API_KEY_PEPPER', { infer: true });
    const encryptionKey = config.get('ENCRYPTION_KEY', { infer: true });
    const stored =
      pepper && encryptionKey
        ? undefined
        : this.loadOrCreate(config.get('DATA_DIR', { infer: true }));
    this.apiKeyPepper = pepper ?? stored!.api_key_pepper;
    this.encryptionKey = Buffer.from(encryptionKey ?? stored!.encryption_key, 'hex');
  }

  private loadOrCreate(dataDir: string): StoredSecrets {
    const dir = resolve(dataDir);
    const file = join(dir, 'secrets.json');
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as StoredSecrets;
    } catch {
      const secrets: StoredSecrets = {
        api_key_pepper: randomBytes(32).toString('hex'),
        encryption_key: randomBytes(32).toString('hex'),
      };
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, JSON.stringify(secrets), { mode: 0o600, flag: 'wx' });
      return secrets;
    }
  }
}
