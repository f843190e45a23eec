import { FakeModelTrainer } from '../../src/testing/fake-model-trainer.js';
import { BoosterMatrixBuilder } from '../builders/booster-matrix.builder.js';
import { modelTrainerContract } from '../../src/testing/contracts/model-trainer.contract.js';

modelTrainerContract('fake (least squares)', async () => ({
  data: (await BoosterMatrixBuilder.load()).build(),
  trainer: new FakeModelTrainer(),
  params: {},
  rounds: 1,
  stuck: { trainer: new FakeModelTrainer({ hang: true }), params: {}, rounds: 1 },
  missing: new FakeModelTrainer({ missingLibrary: true }),
}));
