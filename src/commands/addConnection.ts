import type { Services } from '../services';
import { connectionWizard } from './connectionWizard';

export async function addConnection(services: Services): Promise<void> {
  await connectionWizard(services);
}
