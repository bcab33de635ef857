// Commands whose issue has not landed yet say so plainly and exit 2.
import { MltrainError } from "../errors.js";

export function notBuiltYet(command: string): never {
  throw new MltrainError("usage", `\`mltrain ${command}\` is not built yet in this version`);
}
