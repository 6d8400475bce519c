export declare const ADMIN_DATABASE_URL: string;
export declare const TEST_REDIS_URL: string;
export declare function databaseUrl(name: string): string;
export declare function adminQuery(sql: string): Promise<void>;
export declare function pingRedis(): Promise<void>;
export declare function dropRedisPrefix(prefix: string): Promise<void>;
