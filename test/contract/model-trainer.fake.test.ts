import { FakeModelTrainer } from '../../src/testing/fake-model-trainer.js';
import { modelTrainerContract } from './model-trainer.contract.js';

modelTrainerContract('fake (least squares)', () => ({
  trainer: new FakeModelTrainer(),
  params: {},
  rounds: 1,
  stuck: { trainer: new FakeModelTrainer({ hang: true }), params: {}, rounds: 1 },
  missing: new FakeModelTrainer({ missingLibrary: true }),
}));
