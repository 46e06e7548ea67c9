import type { Services } from '../services';

export function showLog(services: Services): void {
  services.log.channel.show(true);
}
