import { PipeTransform } from '@nestjs/common';
import { advertisementNotFound } from './advertisement.errors';

const ADVERTISEMENT_ID = /^[A-Z0-9]{3}[0-9A-F]{5}$/;

/** An ID that cannot exist is simply not found. */
export class AdvertisementIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ADVERTISEMENT_ID.test(value)) {
      throw advertisementNotFound(`advertisement ${value.slice(0, 64)} not found`);
    }
    return value;
  }
}
