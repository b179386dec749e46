/** A call by application name found no instance to send it to. */
export class NoAvailableInstanceError extends Error {
  constructor(readonly app: string) {
    super(`no UP instance of application ${app} in the Eureka registry`);
  }
}
