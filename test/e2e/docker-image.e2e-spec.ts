import { readFileSync } from 'node:fs';
import semver from 'semver';
import { createTestApp, TestApp } from '../utils/test-app.js';

/** Docker is not run here, so the image's build file is checked against what it must satisfy. */
describe('docker/Dockerfile', () => {
  const dockerfile = readFileSync('docker/Dockerfile', 'utf8');

  it('builds and runs on one Node line that every production dependency supports', () => {
    const images = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(0);
    expect(new Set(images).size).toBe(1);
    const major = /^node:(\d+)-/.exec(images[0])?.[1];
    expect(major).toBeDefined();
    // The tag floats within its major, so a range any release of that major meets is met.
    const line = `>=${major}.0.0 <${Number(major) + 1}.0.0`;
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, { dev?: boolean; engines?: { node?: string } }>;
    };
    const unsupported = Object.entries(lock.packages)
      .filter(([path, pkg]) => path && !pkg.dev && pkg.engines?.node)
      .filter(([, pkg]) => !semver.intersects(line, pkg.engines!.node!))
      .map(
        ([path, pkg]) => `${path.replace(/^.*node_modules\//, '')} needs node ${pkg.engines!.node}`,
      );
    expect(unsupported).toEqual([]);
  });

  describe('HEALTHCHECK', () => {
    let sut: TestApp;

    beforeAll(async () => {
      sut = await createTestApp();
    });

    afterAll(async () => {
      await sut.close();
    });

    it("probes the liveness operation's URL with node (slim images have no curl)", async () => {
      const probed =
        /^HEALTHCHECK .* CMD node -e "fetch\('http:\/\/127\.0\.0\.1:3000(\/[^']*)'\)/m.exec(
          dockerfile,
        );
      expect(probed?.[1]).toBe('/v1/health/live');
      await sut.http.get(probed![1]).expect(200);
    });
  });
});
