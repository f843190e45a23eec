import koffi from 'koffi';
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

/** The subset of the XGBoost 1.7+ C API (c_api.h) the adapter uses. */
interface XgBoostApi {
  XGBGetLastError: () => string;
  XGBoostVersion: (major: [number], minor: [number], patch: [number]) => void;
  XGDMatrixCreateFromCSREx: (
    indptr: BigUint64Array,
    indices: Uint32Array,
    data: Float32Array,
    nindptr: number,
    nelem: number,
    ncol: number,
    out: [Handle | null],
  ) => number;
  XGDMatrixSetFloatInfo: (matrix: Handle, field: string, data: Float32Array, length: number) => number;
  XGDMatrixSetStrFeatureInfo: (
    matrix: Handle,
    field: string,
    names: readonly string[],
    length: number,
  ) => number;
  XGDMatrixFree: (matrix: Handle) => number;
  XGBoosterSetStrFeatureInfo: (
    booster: Handle,
    field: string,
    names: readonly string[],
    length: number,
  ) => number;
  XGBoosterCreate: (matrices: readonly Handle[], length: number, out: [Handle | null]) => number;
  XGBoosterSetParam: (booster: Handle, name: string, value: string) => number;
  XGBoosterUpdateOneIter: (booster: Handle, iteration: number, train: Handle) => number;
  XGBoosterSaveModelToBuffer: (
    booster: Handle,
    config: string,
    outLength: [number | bigint],
    out: [Handle | null],
  ) => number;
  XGBoosterLoadModelFromBuffer: (booster: Handle, data: Uint8Array, length: number) => number;
  XGBoosterPredict: (
    booster: Handle,
    matrix: Handle,
    optionMask: number,
    treeLimit: number,
    training: number,
    outLength: [number | bigint],
    out: [Handle | null],
  ) => number;
  XGBoosterFree: (booster: Handle) => number;
}

/**
 * XGBoost through koffi, synchronous. XGBoost 1.7 ties a booster to the thread that created it,
 * so no koffi `.async` here: the worker process makes every call on its main thread. XGBoost's
 * dense matrix API takes float32, so the features are converted once per job (NaN stays NaN,
 * the `missing` value).
 */
export class XgBoostNative implements NativeLibrary {
  private constructor(private readonly api: XgBoostApi) {}

  static load(path: string): XgBoostNative {
    const lib = koffi.load(path);
    const api: XgBoostApi = {
      XGBGetLastError: lib.func('const char *XGBGetLastError()'),
      XGBoostVersion: lib.func('void XGBoostVersion(_Out_ int *major, _Out_ int *minor, _Out_ int *patch)'),
      XGDMatrixCreateFromCSREx: lib.func(
        'int XGDMatrixCreateFromCSREx(const size_t *indptr, const unsigned int *indices, const float *data, size_t nindptr, size_t nelem, size_t num_col, _Out_ void **out)',
      ),
      XGDMatrixSetFloatInfo: lib.func(
        'int XGDMatrixSetFloatInfo(void *handle, const char *field, const float *array, uint64_t len)',
      ),
      XGDMatrixSetStrFeatureInfo: lib.func(
        'int XGDMatrixSetStrFeatureInfo(void *handle, const char *field, const char **features, uint64_t size)',
      ),
      XGDMatrixFree: lib.func('int XGDMatrixFree(void *handle)'),
      XGBoosterSetStrFeatureInfo: lib.func(
        'int XGBoosterSetStrFeatureInfo(void *handle, const char *field, const char **features, uint64_t size)',
      ),
      XGBoosterCreate: lib.func('int XGBoosterCreate(void **dmats, uint64_t len, _Out_ void **out)'),
      XGBoosterSetParam: lib.func('int XGBoosterSetParam(void *handle, const char *name, const char *value)'),
      XGBoosterUpdateOneIter: lib.func('int XGBoosterUpdateOneIter(void *handle, int iter, void *dtrain)'),
      XGBoosterSaveModelToBuffer: lib.func(
        'int XGBoosterSaveModelToBuffer(void *handle, const char *config, _Out_ uint64_t *out_len, _Out_ void **out_dptr)',
      ),
      XGBoosterLoadModelFromBuffer: lib.func(
        'int XGBoosterLoadModelFromBuffer(void *handle, const void *buf, uint64_t len)',
      ),
      XGBoosterPredict: lib.func(
        'int XGBoosterPredict(void *handle, void *dmat, int option_mask, unsigned int ntree_limit, int training, _Out_ uint64_t *out_len, _Out_ void **out_result)',
      ),
      XGBoosterFree: lib.func('int XGBoosterFree(void *handle)'),
    };
    return new XgBoostNative(api);
  }

  version(): string {
    const major: [number] = [0];
    const minor: [number] = [0];
    const patch: [number] = [0];
    this.api.XGBoostVersion(major, minor, patch);
    return `${major[0]}.${minor[0]}.${patch[0]}`;
  }

  private check(code: number, call: string): void {
    if (code !== 0) throw new NativeCallError(`${call}: ${this.api.XGBGetLastError()}`);
  }

  /**
   * The matrix as CSR with missing (NaN) cells left out, the way XGBoost's own CLI reads a
   * LIBSVM file: the same data to the library (NaN is missing either way), and training on it is
   * measurably faster than on a dense matrix (bench/boosters.bench.mjs).
   */
  private matrix(values: Float64Array, rows: number, cols: number, _threads: number): Handle {
    const indptr = new BigUint64Array(rows + 1);
    let present = 0;
    for (const value of values) if (!Number.isNaN(value)) present += 1;
    const indices = new Uint32Array(present);
    const data = new Float32Array(present);
    let at = 0;
    for (let row = 0; row < rows; row += 1) {
      for (let col = 0; col < cols; col += 1) {
        const value = values[row * cols + col] ?? Number.NaN;
        if (Number.isNaN(value)) continue;
        indices[at] = col;
        data[at] = value;
        at += 1;
      }
      indptr[row + 1] = BigInt(at);
    }
    const out: [Handle | null] = [null];
    this.check(
      this.api.XGDMatrixCreateFromCSREx(indptr, indices, data, rows + 1, present, cols, out),
      'XGDMatrixCreateFromCSREx',
    );
    return handleOf(out, 'XGDMatrixCreateFromCSREx');
  }

  private setFeatureNames(matrix: Handle, featureNames: readonly string[]): void {
    const names = libraryFeatureNames(featureNames);
    this.check(
      this.api.XGDMatrixSetStrFeatureInfo(matrix, 'feature_name', names, names.length),
      'XGDMatrixSetStrFeatureInfo(feature_name)',
    );
  }

  private newBooster(matrices: readonly Handle[]): Handle {
    const out: [Handle | null] = [null];
    this.check(this.api.XGBoosterCreate(matrices, matrices.length, out), 'XGBoosterCreate');
    return handleOf(out, 'XGBoosterCreate');
  }

  train(input: NativeTrainInput): NativeBooster {
    const { api } = this;
    const threads = Number(input.params['nthread'] ?? 1);
    const matrix = this.matrix(input.values, input.rows, input.cols, threads);
    try {
      this.check(
        api.XGDMatrixSetFloatInfo(matrix, 'label', Float32Array.from(input.labels), input.rows),
        'XGDMatrixSetFloatInfo(label)',
      );
      this.setFeatureNames(matrix, input.featureNames);
      const booster = this.newBooster([matrix]);
      try {
        // Stored in the model file, so Python users see the column names.
        const names = libraryFeatureNames(input.featureNames);
        this.check(
          api.XGBoosterSetStrFeatureInfo(booster, 'feature_name', names, names.length),
          'XGBoosterSetStrFeatureInfo(feature_name)',
        );
        for (const [name, value] of Object.entries(input.params)) {
          this.check(api.XGBoosterSetParam(booster, name, String(value)), `XGBoosterSetParam(${name})`);
        }
        for (let round = 0; round < input.rounds; round += 1) {
          this.check(api.XGBoosterUpdateOneIter(booster, round, matrix), 'XGBoosterUpdateOneIter');
        }
      } catch (error) {
        api.XGBoosterFree(booster);
        throw error;
      }
      return this.wrap(booster);
    } finally {
      api.XGDMatrixFree(matrix);
    }
  }

  /** Loads a model saved as JSON or UBJ (XGBoost tells them apart itself). */
  load(model: Uint8Array): NativeBooster {
    const booster = this.newBooster([]);
    try {
      this.check(
        this.api.XGBoosterLoadModelFromBuffer(booster, model, model.byteLength),
        'XGBoosterLoadModelFromBuffer',
      );
    } catch (error) {
      this.api.XGBoosterFree(booster);
      throw error;
    }
    return this.wrap(booster);
  }

  /** The model as XGBoost JSON (`{"format": "json"}`), UTF-8. */
  private wrap(booster: Handle): NativeBooster {
    const { api } = this;
    return {
      save: (): Uint8Array => {
        const length: [number | bigint] = [0];
        const out: [Handle | null] = [null];
        this.check(
          api.XGBoosterSaveModelToBuffer(booster, '{"format": "json"}', length, out),
          'XGBoosterSaveModelToBuffer',
        );
        const pointer = handleOf(out, 'XGBoosterSaveModelToBuffer');
        // The buffer belongs to the booster: copy it before any other call.
        return new Uint8Array(koffi.view(pointer, Number(length[0]))).slice();
      },
      predict: (
        values: Float64Array,
        rows: number,
        cols: number,
        threads: number,
        featureNames: readonly string[],
      ): Float64Array => {
        this.check(api.XGBoosterSetParam(booster, 'nthread', String(threads)), 'XGBoosterSetParam(nthread)');
        const matrix = this.matrix(values, rows, cols, threads);
        try {
          this.setFeatureNames(matrix, featureNames);
          const length: [number | bigint] = [0];
          const out: [Handle | null] = [null];
          // option_mask 0: plain prediction; ntree_limit 0: all trees; training 0: DART drops nothing.
          this.check(api.XGBoosterPredict(booster, matrix, 0, 0, 0, length, out), 'XGBoosterPredict');
          if (Number(length[0]) !== rows) {
            throw new NativeCallError(
              `XGBoosterPredict returned ${Number(length[0])} values for ${rows} rows`,
            );
          }
          const floats = new Float32Array(koffi.view(handleOf(out, 'XGBoosterPredict'), rows * 4));
          return Float64Array.from(floats);
        } finally {
          api.XGDMatrixFree(matrix);
        }
      },
      free: freeOnce(() => api.XGBoosterFree(booster)),
    };
  }
}
