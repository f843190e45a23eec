import koffi from 'koffi';
import {
  compareVersions,
  isSupportedVersion,
  unsupportedVersionMessage,
  versionParts,
} from '../library-version.js';
import { XGBOOST_VERSIONS } from './xgboost-driver.js';
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

/**
 * The subset of the XGBoost C API (c_api.h) the adapter uses: calls present, with these
 * signatures, in every release from 1.7 to 3.x. The deprecated ones are not used: 3.1 removed
 * XGDMatrixCreateFromCSREx, and XGBoosterPredict and XGDMatrixSetFloatInfo are deprecated in
 * favour of the array-interface calls below, which 1.7 already has.
 */
interface XgBoostApi {
  XGBGetLastError: () => string;
  XGDMatrixCreateFromCSR: (
    indptr: string,
    indices: string,
    data: string,
    ncol: number,
    config: string,
    out: [Handle | null],
  ) => number;
  XGDMatrixSetInfoFromInterface: (matrix: Handle, field: string, data: string) => number;
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
  XGBoosterPredictFromDMatrix: (
    booster: Handle,
    matrix: Handle,
    config: string,
    outShape: [Handle | null],
    outDim: [number | bigint],
    out: [Handle | null],
  ) => number;
  XGBoosterFree: (booster: Handle) => number;
}

/**
 * Plain prediction over every tree; `training: false` so DART drops nothing. The same config in
 * 1.7 and 3.x (XGBoosterPredict, which took it as arguments, is deprecated).
 */
const PREDICT_CONFIG = JSON.stringify({
  type: 0,
  training: false,
  iteration_begin: 0,
  iteration_end: 0,
  strict_shape: false,
});

/** A C array the library reads through an `__array_interface__` JSON; free() it once read. */
interface NativeArray {
  readonly json: string;
  free(): void;
}

/**
 * XGBoost through koffi, synchronous. XGBoost 1.7 ties a booster to the thread that created it,
 * so no koffi `.async` here: the worker process makes every call on its main thread. The library
 * says its version first; one outside XGBOOST_VERSIONS is refused before anything else is bound.
 */
export class XgBoostNative implements NativeLibrary {
  private constructor(
    private readonly api: XgBoostApi,
    private readonly libraryVersion: string,
  ) {}

  /** Opens the shared library; throws dlopen's message, or the supported range for another version. */
  static load(path: string): XgBoostNative {
    const lib = koffi.load(path);
    const version = xgboostVersion(lib);
    if (!isSupportedVersion(version, XGBOOST_VERSIONS)) {
      throw new NativeCallError(unsupportedVersionMessage('xgboost', version, XGBOOST_VERSIONS));
    }
    const api: XgBoostApi = {
      XGBGetLastError: lib.func('const char *XGBGetLastError()'),
      XGDMatrixCreateFromCSR: lib.func(
        'int XGDMatrixCreateFromCSR(const char *indptr, const char *indices, const char *data, uint64_t ncol, const char *config, _Out_ void **out)',
      ),
      XGDMatrixSetInfoFromInterface: lib.func(
        'int XGDMatrixSetInfoFromInterface(void *handle, const char *field, const char *data)',
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
      XGBoosterPredictFromDMatrix: lib.func(
        'int XGBoosterPredictFromDMatrix(void *handle, void *dmat, const char *config, _Out_ void **out_shape, _Out_ uint64_t *out_dim, _Out_ void **out_result)',
      ),
      XGBoosterFree: lib.func('int XGBoosterFree(void *handle)'),
    };
    return new XgBoostNative(api, version);
  }

  version(): string {
    return this.libraryVersion;
  }

  private check(code: number, call: string): void {
    if (code !== 0) throw new NativeCallError(`${call}: ${this.api.XGBGetLastError()}`);
  }

  /**
   * The matrix as CSR with missing (NaN) cells left out, the way XGBoost's own CLI reads a
   * LIBSVM file: the same data to the library (NaN is missing either way), and training on it is
   * measurably faster than on a dense matrix (bench/boosters.bench.mjs). The library copies the
   * arrays into its DMatrix, so they are freed as soon as it is made.
   */
  private matrix(values: Float64Array, rows: number, cols: number, threads: number): Handle {
    let present = 0;
    for (const value of values) if (!Number.isNaN(value)) present += 1;
    const indptr = nativeArray('int64_t', '<i8', rows + 1);
    const indices = nativeArray('uint32_t', '<u4', present);
    const data = nativeArray('float', '<f4', present);
    try {
      const pointers = new BigInt64Array(indptr.buffer);
      const columns = new Uint32Array(indices.buffer);
      const cells = new Float32Array(data.buffer);
      let at = 0;
      pointers[0] = 0n;
      for (let row = 0; row < rows; row += 1) {
        for (let col = 0; col < cols; col += 1) {
          const value = values[row * cols + col] ?? Number.NaN;
          if (Number.isNaN(value)) continue;
          columns[at] = col;
          cells[at] = value;
          at += 1;
        }
        pointers[row + 1] = BigInt(at);
      }
      const out: [Handle | null] = [null];
      this.check(
        this.api.XGDMatrixCreateFromCSR(
          indptr.json,
          indices.json,
          data.json,
          cols,
          `{"missing": NaN, "nthread": ${Math.max(1, threads)}}`,
          out,
        ),
        'XGDMatrixCreateFromCSR',
      );
      return handleOf(out, 'XGDMatrixCreateFromCSR');
    } finally {
      indptr.free();
      indices.free();
      data.free();
    }
  }

  private setLabels(matrix: Handle, labels: Float64Array): void {
    const array = nativeArray('float', '<f4', labels.length);
    try {
      new Float32Array(array.buffer).set(labels);
      this.check(
        this.api.XGDMatrixSetInfoFromInterface(matrix, 'label', array.json),
        'XGDMatrixSetInfoFromInterface(label)',
      );
    } finally {
      array.free();
    }
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
      this.setLabels(matrix, input.labels);
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

  /**
   * Loads a model saved as JSON or UBJ (XGBoost tells them apart itself). A JSON model saved by a
   * newer XGBoost than this one is refused: XGBoost reads older models, not newer ones, and 1.7
   * loads a 3.x model without a word but reads its base_score (`"[8.2E-3]"`, an array since 3.1)
   * as 0.5, so every forecast would be off by about 0.5.
   */
  load(model: Uint8Array): NativeBooster {
    const saved = savedByVersion(model);
    const own = versionParts(this.libraryVersion);
    if (saved !== null && own !== null && compareVersions(saved.slice(0, 2), own.slice(0, 2)) > 0) {
      throw new NativeCallError(
        `it was saved by XGBoost ${saved.join('.')}, newer than this library; XGBoost reads models of its own version or older`,
      );
    }
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

  /** The model as XGBoost JSON (`{"format": "json"}`: 3.x would save UBJ by default), UTF-8. */
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
          const shape: [Handle | null] = [null];
          const dims: [number | bigint] = [0];
          const out: [Handle | null] = [null];
          this.check(
            api.XGBoosterPredictFromDMatrix(booster, matrix, PREDICT_CONFIG, shape, dims, out),
            'XGBoosterPredictFromDMatrix',
          );
          const dimensions = koffi.decode(
            handleOf(shape, 'XGBoosterPredictFromDMatrix'),
            'uint64_t',
            Number(dims[0]),
          ) as readonly (number | bigint)[] | BigUint64Array;
          let length = 1;
          for (const dimension of dimensions) length *= Number(dimension);
          if (length !== rows) {
            throw new NativeCallError(
              `XGBoosterPredictFromDMatrix returned ${length} values for ${rows} rows`,
            );
          }
          // The result belongs to the booster too: copied into a fresh array at once.
          const floats = new Float32Array(koffi.view(handleOf(out, 'XGBoosterPredictFromDMatrix'), rows * 4));
          return Float64Array.from(floats);
        } finally {
          api.XGDMatrixFree(matrix);
        }
      },
      free: freeOnce(() => api.XGBoosterFree(booster)),
    };
  }
}

/** The version the library reports (XGBoostVersion exists since 1.4; older ones are named as such). */
function xgboostVersion(lib: ReturnType<typeof koffi.load>): string {
  let call: (major: [number], minor: [number], patch: [number]) => void;
  try {
    call = lib.func('void XGBoostVersion(_Out_ int *major, _Out_ int *minor, _Out_ int *patch)');
  } catch {
    return 'older than 1.4 (no XGBoostVersion)';
  }
  const major: [number] = [0];
  const minor: [number] = [0];
  const patch: [number] = [0];
  call(major, minor, patch);
  const version = `${major[0]}.${minor[0]}.${patch[0]}`;
  return versionParts(version) === null ? 'unknown' : version;
}

/**
 * `length` elements of native memory (a copy the GC never moves, unlike a small typed array's)
 * and its `__array_interface__` (version 3) for the C API; at least one element, so the address
 * is never null.
 */
function nativeArray(
  type: 'int64_t' | 'uint32_t' | 'float',
  typestr: string,
  length: number,
): NativeArray & {
  readonly buffer: ArrayBuffer;
} {
  const size = type === 'int64_t' ? 8 : 4;
  const pointer: unknown = koffi.alloc(type, Math.max(1, length));
  const address = koffi.address(pointer);
  return {
    buffer: koffi.view(pointer, Math.max(1, length) * size),
    json: `{"data": [${address}, true], "shape": [${length}], "typestr": "${typestr}", "version": 3}`,
    free: () => koffi.free(pointer),
  };
}

/**
 * The XGBoost version a JSON model says saved it (its top-level `"version": [major, minor, patch]`,
 * written after the learner), or null for UBJ or a model that does not say.
 */
function savedByVersion(model: Uint8Array): number[] | null {
  if (model[0] !== 0x7b) return null; // `{`: JSON; UBJ starts otherwise
  const tail = new TextDecoder().decode(model.subarray(Math.max(0, model.byteLength - 256)));
  const match = /"version"\s*:\s*\[\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\]\s*\}\s*$/.exec(tail);
  return match === null ? null : [Number(match[1]), Number(match[2]), Number(match[3])];
}
