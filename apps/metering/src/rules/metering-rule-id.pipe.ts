import { PipeTransform } from '@nestjs/common';
import { SITE_OBJECT_ID_PATTERN } from '@sdp/contracts';
import { meteringRuleNotFound } from './metering-rule.errors';

/** An ID that cannot exist is simply not found. */
export class MeteringRuleIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!SITE_OBJECT_ID_PATTERN.test(value)) {
      throw meteringRuleNotFound(`metering rule ${value.slice(0, 64)} not found`);
    }
    return value;
  }
}
