import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ON_APPLICATIONS_CHANGED_METADATA } from '../eureka-client.constants';

export interface OnApplicationsChangedMetadata {
  /** Upper-case application name; undefined for any application. */
  app?: string;
}

/**
 * Calls the decorated method with an `ApplicationsChangedEvent` after a registry fetch changed
 * `app` (case-insensitive), or any application when omitted. Works on providers and controllers
 * (singleton scope). Errors thrown by the method are logged.
 */
export function OnApplicationsChanged(app?: string): MethodDecorator {
  const metadata: OnApplicationsChangedMetadata = app === undefined ? {} : { app: app.toUpperCase() };
  return applyDecorators(SetMetadata(ON_APPLICATIONS_CHANGED_METADATA, metadata));
}
