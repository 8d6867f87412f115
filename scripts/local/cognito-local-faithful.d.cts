// Types of scripts/local/cognito-local-faithful.cjs (the cognito-local preload), for the tests.

/** cognito-local's modules the shim patches (see `loadCognitoLocal` in the .cjs for the names). */
export type CognitoLocalModules = Record<string, unknown>;

/** cognito-local's own modules from node_modules (by default the package the local stack starts). */
export declare function loadCognitoLocal(lib?: string): CognitoLocalModules;

/** Applies every patch; throws, before changing anything, if a patched function is missing. */
export declare function patchCognitoLocal(modules: CognitoLocalModules): void;
