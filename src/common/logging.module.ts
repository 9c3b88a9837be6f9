import { DynamicModule, Global, Module } from '@nestjs/common';
import { JsonLogger } from './json-logger';

/**
 * The process's JsonLogger, for the code that must count repeated errors (the exception filters):
 * Nest's static `Logger` reaches it too, but only while no other Nest context in the process (a
 * provisioning context opened with `logger: false`) has replaced it.
 */
@Global()
@Module({})
export class LoggingModule {
  static forLogger(logger: JsonLogger): DynamicModule {
    return { module: LoggingModule, providers: [{ provide: JsonLogger, useValue: logger }], exports: [JsonLogger] };
  }
}
