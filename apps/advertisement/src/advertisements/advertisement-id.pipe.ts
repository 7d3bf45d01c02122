import { PipeTransform } from '@nestjs/common';
import { advertisementNotFound } from './advertisement.errors';
import { SITE_OBJECT_ID_PATTERN } from '@sdp/contracts';


/** An ID that cannot exist is simply not found. */
export class AdvertisementIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!SITE_OBJECT_ID_PATTERN.test(value)) {
      throw advertisementNotFound(`advertisement ${value.slice(0, 64)} not found`);
    }
    return value;
  }
}
