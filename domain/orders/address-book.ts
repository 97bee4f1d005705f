import { conflict, notFound } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { type AddressInput, type ShippingAddress, shippingAddress } from './address.js';

/** How many addresses one user may keep. */
export const MAX_SAVED_ADDRESSES = 20;

export interface SavedAddress extends ShippingAddress {
  id: string;
  createdAt: string;
}

/** Each user's saved shipping addresses. Another user's address is never returned or changed. */
export interface AddressBook {
  /** The user's addresses, newest first. */
  list(userId: string): Promise<SavedAddress[]>;
  /** Saves it unless the user already has `limit` (counted and written in one transaction); `full` otherwise. */
  add(userId: string, address: SavedAddress, limit: number): Promise<'added' | 'full'>;
  /** null for another user's address, exactly as for a missing one. */
  get(userId: string, id: string): Promise<SavedAddress | null>;
  /** false when the user has no such address (another user's included). */
  remove(userId: string, id: string): Promise<boolean>;
}

const noSuchAddress = (id: string) => notFound('ADDRESSES.NOT_FOUND', `no saved address ${id}`);

/** Saved addresses: validated like a checkout's address, at most `limit` per user, only ever the owner's. */
export class AddressesService {
  constructor(
    private readonly book: AddressBook,
    private readonly limit = MAX_SAVED_ADDRESSES,
  ) {}

  list(userId: string): Promise<SavedAddress[]> {
    return this.book.list(userId);
  }

  async add(userId: string, input: AddressInput): Promise<SavedAddress> {
    const address = shippingAddress(input, 'body');
    const saved: SavedAddress = { id: newId('adr'), ...address, createdAt: new Date().toISOString() };
    if ((await this.book.add(userId, saved, this.limit)) === 'full') {
      throw conflict(
        'ADDRESSES.LIMIT_REACHED',
        `you can keep at most ${this.limit} addresses: delete one before adding another`,
      );
    }
    return saved;
  }

  async get(userId: string, id: string): Promise<SavedAddress> {
    const address = await this.book.get(userId, id);
    if (!address) throw noSuchAddress(id);
    return address;
  }

  async remove(userId: string, id: string): Promise<void> {
    if (!(await this.book.remove(userId, id))) throw noSuchAddress(id);
  }
}

/** The address as an order keeps it: without the book's id and date. */
export const asShippingAddress = ({
  id: _id,
  createdAt: _createdAt,
  ...address
}: SavedAddress): ShippingAddress => address;
