/**
 * Runs a script's async `main` and exits with the code it returns; an error is printed and exits 1.
 *
 * @example
 * if (require.main === module) runMain(main);
 */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
