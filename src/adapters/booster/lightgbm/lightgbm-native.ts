import koffi from 'koffi';
import type { ParamValue } from '../booster-job.js';
import {
  freeOnce,
  handleOf,
  libraryFeatureNames,
  NativeCallError,
  type NativeBooster,
  type NativeHandle,
  type NativeLibrary,
  type NativeTrainInput,
} from '../native-booster.js';

type Handle = NativeHandle;
const C_API_DTYPE_FLOAT32 = 0;
const C_API_DTYPE_FLOAT64 = 1;
const C_API_PREDICT_NORMAL = 0;
const ROW_MAJOR = 1;

/** The subset of the LightGBM 4.x C API (c_api.h) the adapter uses. */
interface LightGbmApi {
  LGBM_GetLastError: () => string;
  LGBM_DatasetCreateFromMat: (
    data: Float64Array,
    dataType: number,
    rows: number,
    cols: number,
    isRowMajor: number,
    parameters: string,
    reference: Handle | null,
    out: [Handle | null],
  ) => number;
  LGBM_DatasetSetField: (
    dataset: Handle,
    field: string,
    data: Float32Array,
    count: number,
    type: number,
  ) => number;
  LGBM_DatasetSetFeatureNames: (dataset: Handle, names: readonly string[], count: number) => number;
  LGBM_DatasetFree: (dataset: Handle) => number;
  LGBM_BoosterCreate: (dataset: Handle, parameters: string, out: [Handle | null]) => number;
  LGBM_BoosterUpdateOneIter: (booster: Handle, isFinished: [number]) => number;
  LGBM_BoosterSaveModelToString: (
    booster: Handle,
    startIteration: number,
    numIteration: number,
    importanceType: number,
    bufferLength: number,
    outLength: [number | bigint],
    out: Uint8Array | null,
  ) => number;
  LGBM_BoosterLoadModelFromString: (model: string, outIterations: [number], out: [Handle | null]) => number;
  LGBM_BoosterPredictForMat: (
    booster: Handle,
    data: Float64Array,
    dataType: number,
    rows: number,
    cols: number,
    isRowMajor: number,
    predictType: number,
    startIteration: number,
    numIteration: number,
    parameter: string,
    outLength: [number | bigint],
    out: Float64Array,
  ) => number;
  LGBM_BoosterFree: (booster: Handle) => number;
}

/**
 * LightGBM through koffi, synchronous: meant for the worker process, where blocking is the point.
 * Typed arrays go to the library as they are (no per-row objects, no copies of the features).
 */
export class LightGbmNative implements NativeLibrary {
  private constructor(
    private readonly api: LightGbmApi,
    /** Whether the library has a call LightGBM 4.0 added (LGBM_BoosterGetLoadedParam). */
    private readonly hasFourApi: boolean,
  ) {}

  /** Opens the shared library; throws (dlopen's message) when it cannot be loaded. */
  static load(path: string): LightGbmNative {
    const lib = koffi.load(path);
    const api: LightGbmApi = {
      LGBM_GetLastError: lib.func('const char *LGBM_GetLastError()'),
      LGBM_DatasetCreateFromMat: lib.func(
        'int LGBM_DatasetCreateFromMat(const void *data, int data_type, int32_t nrow, int32_t ncol, int is_row_major, const char *parameters, void *reference, _Out_ void **out)',
      ),
      LGBM_DatasetSetField: lib.func(
        'int LGBM_DatasetSetField(void *handle, const char *field_name, const void *field_data, int num_element, int type)',
      ),
      LGBM_DatasetSetFeatureNames: lib.func(
        'int LGBM_DatasetSetFeatureNames(void *handle, const char **feature_names, int num_feature_names)',
      ),
      LGBM_DatasetFree: lib.func('int LGBM_DatasetFree(void *handle)'),
      LGBM_BoosterCreate: lib.func(
        'int LGBM_BoosterCreate(void *train_data, const char *parameters, _Out_ void **out)',
      ),
      LGBM_BoosterUpdateOneIter: lib.func(
        'int LGBM_BoosterUpdateOneIter(void *handle, _Out_ int *is_finished)',
      ),
      LGBM_BoosterSaveModelToString: lib.func(
        'int LGBM_BoosterSaveModelToString(void *handle, int start_iteration, int num_iteration, int feature_importance_type, int64_t buffer_len, _Out_ int64_t *out_len, _Out_ uint8_t *out_str)',
      ),
      LGBM_BoosterLoadModelFromString: lib.func(
        'int LGBM_BoosterLoadModelFromString(const char *model_str, _Out_ int *out_num_iterations, _Out_ void **out)',
      ),
      LGBM_BoosterPredictForMat: lib.func(
        'int LGBM_BoosterPredictForMat(void *handle, const void *data, int data_type, int32_t nrow, int32_t ncol, int is_row_major, int predict_type, int start_iteration, int num_iteration, const char *parameter, _Out_ int64_t *out_len, _Out_ double *out_result)',
      ),
      LGBM_BoosterFree: lib.func('int LGBM_BoosterFree(void *handle)'),
    };
    let hasFourApi = true;
    try {
      lib.func(
        'int LGBM_BoosterGetLoadedParam(void *handle, int64_t buffer_len, _Out_ int64_t *out_len, _Out_ uint8_t *out_str)',
      );
    } catch {
      hasFourApi = false;
    }
    return new LightGbmNative(api, hasFourApi);
  }

  /**
   * LightGBM has no version call: the version is the one the build declared (VERSION.txt, a
   * Homebrew Cellar path). Undeclared, a library with 4.0's calls reads as `4.x (undeclared)`,
   * one without them as `3.x or older (undeclared)`, which the supported range refuses.
   */
  version(declared: string | null): string {
    if (declared !== null) return declared;
    return this.hasFourApi ? '4.x (undeclared)' : '3.x or older (undeclared)';
  }

  private check(code: number, call: string): void {
    if (code !== 0) throw new NativeCallError(`${call}: ${this.api.LGBM_GetLastError()}`);
  }

  train(input: NativeTrainInput): NativeBooster {
    const { api } = this;
    const params = paramString(input.params, ' ');
    const datasetOut: [Handle | null] = [null];
    this.check(
      api.LGBM_DatasetCreateFromMat(
        input.values,
        C_API_DTYPE_FLOAT64,
        input.rows,
        input.cols,
        ROW_MAJOR,
        params,
        null,
        datasetOut,
      ),
      'LGBM_DatasetCreateFromMat',
    );
    const dataset = handleOf(datasetOut, 'LGBM_DatasetCreateFromMat');
    try {
      this.check(
        api.LGBM_DatasetSetField(
          dataset,
          'label',
          Float32Array.from(input.labels),
          input.rows,
          C_API_DTYPE_FLOAT32,
        ),
        'LGBM_DatasetSetField(label)',
      );
      const names = libraryFeatureNames(input.featureNames);
      this.check(
        api.LGBM_DatasetSetFeatureNames(dataset, names, names.length),
        'LGBM_DatasetSetFeatureNames',
      );
      const boosterOut: [Handle | null] = [null];
      this.check(api.LGBM_BoosterCreate(dataset, params, boosterOut), 'LGBM_BoosterCreate');
      const booster = handleOf(boosterOut, 'LGBM_BoosterCreate');
      try {
        const finished: [number] = [0];
        for (let round = 0; round < input.rounds; round += 1) {
          this.check(api.LGBM_BoosterUpdateOneIter(booster, finished), 'LGBM_BoosterUpdateOneIter');
          if (finished[0] !== 0) break; // no further split is possible: more rounds add nothing
        }
      } catch (error) {
        api.LGBM_BoosterFree(booster);
        throw error;
      }
      return this.wrap(booster);
    } finally {
      api.LGBM_DatasetFree(dataset);
    }
  }

  /** Loads a model from its text format. */
  load(model: Uint8Array): NativeBooster {
    const iterations: [number] = [0];
    const out: [Handle | null] = [null];
    const text = new TextDecoder().decode(model);
    this.check(
      this.api.LGBM_BoosterLoadModelFromString(text, iterations, out),
      'LGBM_BoosterLoadModelFromString',
    );
    return this.wrap(handleOf(out, 'LGBM_BoosterLoadModelFromString'));
  }

  /** The model as LightGBM's text format (model.txt), UTF-8. */
  private wrap(booster: Handle): NativeBooster {
    const { api } = this;
    return {
      save: (): Uint8Array => {
        const length: [number | bigint] = [0];
        this.check(
          api.LGBM_BoosterSaveModelToString(booster, 0, -1, 0, 0, length, null),
          'LGBM_BoosterSaveModelToString',
        );
        const size = Number(length[0]);
        const buffer = new Uint8Array(size);
        this.check(
          api.LGBM_BoosterSaveModelToString(booster, 0, -1, 0, size, length, buffer),
          'LGBM_BoosterSaveModelToString',
        );
        // out_len counts the terminating NUL.
        return buffer.subarray(0, buffer[size - 1] === 0 ? size - 1 : size);
      },
      predict: (values: Float64Array, rows: number, cols: number, threads: number): Float64Array => {
        const out = new Float64Array(rows);
        const length: [number | bigint] = [0];
        this.check(
          api.LGBM_BoosterPredictForMat(
            booster,
            values,
            C_API_DTYPE_FLOAT64,
            rows,
            cols,
            ROW_MAJOR,
            C_API_PREDICT_NORMAL,
            0,
            -1,
            `num_threads=${threads}`,
            length,
            out,
          ),
          'LGBM_BoosterPredictForMat',
        );
        if (Number(length[0]) !== rows) {
          throw new NativeCallError(
            `LGBM_BoosterPredictForMat returned ${Number(length[0])} values for ${rows} rows`,
          );
        }
        return out;
      },
      free: freeOnce(() => api.LGBM_BoosterFree(booster)),
    };
  }
}

/** Parameters as LightGBM's `key=value key=value` string; booleans as true/false. */
function paramString(params: Readonly<Record<string, ParamValue>>, separator: string): string {
  return Object.entries(params)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(separator);
}
